package org.certmap.engine.x509;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Parses an RFC 4514 string such as {@code CN=Contoso Issuing CA 1,O=Contoso} (most specific first,
 * as {@code openssl x509 -issuer -nameopt RFC2253} prints it) into RDNs in DER order.
 *
 * <p>A hand-written scanner rather than a regex or {@code javax.naming.ldap.LdapName}: every error
 * names the position and what was expected, hex escapes are read as UTF-8 bytes strictly, and
 * {@code #hex} values are decoded by their ASN.1 string type exactly as in a certificate. Lenient
 * only where people's habits are harmless: spaces around {@code ,} {@code +} {@code =} and around
 * values are ignored (an escaped space is kept), attribute names are case-insensitive.
 */
final class Rfc4514Parser {

    private final String s;
    private int pos;

    private Rfc4514Parser(String s) {
        this.s = s;
    }

    /** The RDNs, root-most first (DER order). */
    static List<List<Ava>> parse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate at position " + i);
            }
        }
        Rfc4514Parser p = new Rfc4514Parser(text);
        List<List<Ava>> rdns = new ArrayList<>();
        p.skipSpaces();
        if (p.pos == text.length()) {
            return List.of();
        }
        while (true) {
            rdns.add(p.rdn());
            if (p.pos == text.length()) {
                break;
            }
            p.pos++; // the ',' that rdn() stopped at
        }
        Collections.reverse(rdns);
        return List.copyOf(rdns);
    }

    private List<Ava> rdn() {
        List<Ava> avas = new ArrayList<>();
        while (true) {
            avas.add(ava());
            if (pos < s.length() && s.charAt(pos) == '+') {
                pos++;
                continue;
            }
            if (pos == s.length() || s.charAt(pos) == ',') {
                return List.copyOf(avas);
            }
            throw error("expected ',' or '+' or the end");
        }
    }

    private Ava ava() {
        skipSpaces();
        int start = pos;
        while (pos < s.length() && isTypeChar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected an attribute type such as CN or 2.5.4.3");
        }
        String type = s.substring(start, pos);
        String oid = AttributeType.oidOfKeyword(type);
        if (oid == null) {
            pos = start;
            throw error("unknown attribute type \"" + type + "\" (use a known name or a dotted OID)");
        }
        skipSpaces();
        if (pos >= s.length() || s.charAt(pos) != '=') {
            throw error("expected '=' after \"" + type + "\"");
        }
        pos++;
        skipSpaces();
        if (pos < s.length() && s.charAt(pos) == '#') {
            return hexValue(oid);
        }
        if (pos < s.length() && s.charAt(pos) == '"') {
            throw error("quoted values are not RFC 4514; escape special characters with '\\' instead");
        }
        return Ava.ofString(oid, stringValue());
    }

    private String stringValue() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int keep = 0; // length up to the last character that is not an unescaped space
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ',' || c == '+') {
                break;
            }
            if (c == '\\') {
                escape(bytes);
                keep = bytes.size();
                continue;
            }
            if (c == '"' || c == ';' || c == '<' || c == '>' || c == '\0') {
                throw error("character " + describe(c) + " must be escaped with '\\'");
            }
            int width = Character.isHighSurrogate(c) ? 2 : 1;
            bytes.writeBytes(s.substring(pos, pos + width).getBytes(StandardCharsets.UTF_8));
            pos += width;
            if (c != ' ') {
                keep = bytes.size();
            }
        }
        byte[] all = bytes.toByteArray();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(all, 0, keep)).toString();
        } catch (CharacterCodingException e) {
            throw error("the \\XX escapes before this point are not valid UTF-8");
        }
    }

    private void escape(ByteArrayOutputStream bytes) {
        if (pos + 1 >= s.length()) {
            throw error("'\\' at the end; expected a character or two hex digits after it");
        }
        char c = s.charAt(pos + 1);
        int hi = Character.digit(c, 16);
        if (hi >= 0 && c < 0x80) {
            int lo = pos + 2 < s.length() && s.charAt(pos + 2) < 0x80 ? Character.digit(s.charAt(pos + 2), 16) : -1;
            if (lo < 0) {
                pos++;
                throw error("expected a second hex digit after '\\" + c + "'");
            }
            bytes.write(hi * 16 + lo);
            pos += 3;
        } else if ("\"+,;<>\\ #=".indexOf(c) >= 0) {
            bytes.write(c);
            pos += 2;
        } else {
            pos++;
            throw error("'\\' must be followed by one of \" + , ; < > \\ space # = or two hex digits, not "
                    + describe(c));
        }
    }

    private Ava hexValue(String oid) {
        int start = ++pos;
        while (pos < s.length() && s.charAt(pos) < 0x80 && Character.digit(s.charAt(pos), 16) >= 0) {
            pos++;
        }
        int end = pos;
        skipSpaces();
        if ((end - start) % 2 != 0 || end == start) {
            pos = end;
            throw error("expected an even, non-zero number of hex digits after '#'");
        }
        byte[] der = new byte[(end - start) / 2];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) Integer.parseInt(s.substring(start + 2 * i, start + 2 * i + 2), 16);
        }
        try {
            DerReader reader = new DerReader(der);
            DerReader.Element value = reader.read();
            reader.expectEnd("#hex value");
            String text = DirectoryStrings.decode(value);
            return text != null ? Ava.ofString(oid, text) : Ava.ofEncoding(oid, der);
        } catch (NameException e) {
            pos = start;
            throw error("the #hex value is not valid DER: " + e.getMessage());
        }
    }

    private void skipSpaces() {
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
    }

    private static boolean isTypeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid distinguished name at position " + pos + ": " + what);
    }
}
