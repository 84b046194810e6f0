package org.certmap.engine.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Format {@code xfcc}: Envoy's {@code x-forwarded-client-cert}.
 *
 * <p>The value is a comma-separated list of elements, one per proxy hop; each element is
 * {@code ;}-separated {@code key=value} pairs, keys without case, values optionally in double
 * quotes (inside which {@code \"} is a quote and {@code ,} {@code ;} {@code =} do not split).
 * Only the <em>last</em> element counts: it is the one the nearest proxy, the trusted one,
 * appended; earlier elements describe hops further away, which certmap cannot vouch for. Its
 * {@code Cert=} is the URL-encoded PEM leaf; its {@code Chain=}, when present, the URL-encoded PEM
 * chain, which Envoy starts with the leaf again (a chain that starts with another certificate is
 * malformed rather than guessed at). {@code By}, {@code Hash}, {@code Subject}, {@code URI},
 * {@code DNS} and unknown keys are ignored: certmap reads names from the certificate itself. A last
 * element without {@code Cert=} (or with an empty one) means no certificate.
 *
 * <p>The whole value is tokenized, not only the last element, because finding where the last
 * element starts needs the quoting of all the others.
 */
final class XfccValueDecoder implements ValueDecoder {

    static final XfccValueDecoder INSTANCE = new XfccValueDecoder();

    private XfccValueDecoder() {
    }

    @Override
    public List<byte[]> decode(String value, List<String> chain, int max) throws MalformedHeaderException {
        String[] last = lastElement(value);
        String cert = last[0];
        if (cert == null || cert.isEmpty()) {
            return List.of();
        }
        List<byte[]> leaf = new ArrayList<>(1);
        PemText.decode(PercentDecoding.decode(cert, "Cert"), "Cert (percent-decoded)", leaf, max);
        if (leaf.size() != 1) {
            throw new MalformedHeaderException("Cert holds " + leaf.size() + " certificates; expected one");
        }
        List<byte[]> out = new ArrayList<>(leaf);
        String chainText = last[1];
        if (chainText != null && !chainText.isEmpty()) {
            List<byte[]> all = new ArrayList<>();
            PemText.decode(PercentDecoding.decode(chainText, "Chain"), "Chain (percent-decoded)", all, max);
            if (!Arrays.equals(all.get(0), leaf.get(0))) {
                throw new MalformedHeaderException("Chain does not start with the Cert certificate");
            }
            out.addAll(all.subList(1, all.size()));
        }
        return out;
    }

    /** Returns {Cert, Chain} of the last element, each null when absent. */
    private static String[] lastElement(String s) throws MalformedHeaderException {
        String cert = null;
        String chain = null;
        int element = 1;
        int pos = skipOws(s, 0);
        if (pos == s.length()) {
            throw new MalformedHeaderException("element 1 is empty");
        }
        StringBuilder value = new StringBuilder();
        while (true) {
            int keyStart = pos;
            while (pos < s.length() && isKeyChar(s.charAt(pos))) {
                pos++;
            }
            if (pos == keyStart) {
                throw new MalformedHeaderException("element " + element + ": expected a key at offset " + pos);
            }
            String key = s.substring(keyStart, pos);
            if (pos == s.length() || s.charAt(pos) != '=') {
                throw new MalformedHeaderException("element " + element + ": expected '=' at offset " + pos);
            }
            pos++;
            value.setLength(0);
            pos = readValue(s, pos, value, element);
            if (key.equalsIgnoreCase("Cert")) {
                if (cert != null) {
                    throw new MalformedHeaderException("element " + element + ": Cert appears twice");
                }
                cert = value.toString();
            } else if (key.equalsIgnoreCase("Chain")) {
                if (chain != null) {
                    throw new MalformedHeaderException("element " + element + ": Chain appears twice");
                }
                chain = value.toString();
            }
            pos = skipOws(s, pos);
            if (pos == s.length()) {
                return new String[] {cert, chain};
            }
            char sep = s.charAt(pos);
            if (sep == ',') {
                element++;
                cert = null;
                chain = null;
            } else if (sep != ';') {
                throw new MalformedHeaderException("element " + element + ": unexpected character at offset " + pos);
            }
            pos = skipOws(s, pos + 1);
            if (pos == s.length()) {
                throw new MalformedHeaderException("element " + element + ": ends with a separator");
            }
        }
    }

    /** Reads a quoted or plain value at {@code pos} into {@code out}; returns the position after it. */
    private static int readValue(String s, int pos, StringBuilder out, int element) throws MalformedHeaderException {
        if (pos < s.length() && s.charAt(pos) == '"') {
            for (int i = pos + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    out.append(s.charAt(++i));
                } else if (c == '"') {
                    return i + 1;
                } else {
                    out.append(c);
                }
            }
            throw new MalformedHeaderException("element " + element + ": quoted value at offset " + pos
                    + " has no closing quote");
        }
        int i = pos;
        while (i < s.length() && s.charAt(i) != ';' && s.charAt(i) != ',') {
            if (s.charAt(i) == '"') {
                throw new MalformedHeaderException("element " + element + ": stray quote at offset " + i);
            }
            i++;
        }
        int end = i;
        while (end > pos && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        out.append(s, pos, end);
        return i;
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.';
    }

    private static int skipOws(String s, int pos) {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }
}
