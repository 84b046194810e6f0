package org.certmap.engine.proxy;

import java.util.List;

/**
 * Certificates written as PEM, as proxies mangle it: line breaks kept, turned into spaces (httpd's
 * mod_headers), or gone; one block or several (leaf first, then the chain); or bare base64 DER
 * without armor (HAProxy's {@code ssl_c_der,base64}, IIS-style one-line base64).
 *
 * <p>Only {@code CERTIFICATE} blocks and whitespace are accepted: text around the blocks, or
 * another block type, means the proxy is not sending what the administrator configured, and
 * ignoring it would hide that.
 */
final class PemText {

    static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    static final String END = "-----END CERTIFICATE-----";
    private static final String ANY_BEGIN = "-----BEGIN ";

    private PemText() {
    }

    /** Appends the DER of every certificate in {@code text} to {@code out}. */
    static void decode(String text, String what, List<byte[]> out, int max) throws MalformedHeaderException {
        int len = text.length();
        if (text.indexOf("-----") < 0) {
            ValueDecoder.add(out, Base64Text.decode(text, 0, len, true, false, what), max);
            return;
        }
        int pos = 0;
        int block = 0;
        while (true) {
            pos = skipWhitespace(text, pos);
            if (pos == len) {
                return;
            }
            block++;
            if (!text.startsWith(BEGIN, pos)) {
                if (text.startsWith(ANY_BEGIN, pos)) {
                    throw new MalformedHeaderException(what + ": PEM block " + block + " is not a CERTIFICATE");
                }
                throw new MalformedHeaderException(what + ": unexpected text at offset " + pos
                        + " (only PEM CERTIFICATE blocks and whitespace may appear)");
            }
            int start = pos + BEGIN.length();
            int end = text.indexOf(END, start);
            if (end < 0) {
                throw new MalformedHeaderException(what + ": PEM block " + block + " has no END line (truncated?)");
            }
            ValueDecoder.add(out, Base64Text.decode(text, start, end, true, false, what + ", PEM block " + block),
                    max);
            pos = end + END.length();
        }
    }

    private static int skipWhitespace(String s, int pos) {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                break;
            }
            pos++;
        }
        return pos;
    }
}
