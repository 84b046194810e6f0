package org.certmap.engine.x509;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import org.certmap.engine.match.AsciiCase;

/**
 * One AttributeTypeAndValue of a name: its type OID and either its string value or, for a value
 * that is not a character string, its whole DER encoding (shown as {@code #hex}, matched by nothing).
 *
 * @param oid     dotted attribute type
 * @param value   the decoded string, or null when the value is not a string type
 * @param encoded the value's DER (tag, length, contents) when {@code value} is null, else null
 */
record Ava(String oid, String value, byte[] encoded) {

    Ava {
        Objects.requireNonNull(oid, "oid");
        if ((value == null) == (encoded == null)) {
            throw new IllegalArgumentException("exactly one of value and encoded");
        }
        encoded = encoded == null ? null : encoded.clone();
    }

    static Ava ofString(String oid, String value) {
        return new Ava(oid, value, null);
    }

    static Ava ofEncoding(String oid, byte[] encoded) {
        return new Ava(oid, null, encoded);
    }

    @Override
    public byte[] encoded() {
        return encoded == null ? null : encoded.clone();
    }

    String hex() {
        return HexFormat.of().withUpperCase().formatHex(encoded);
    }

    /**
     * This AVA's part of {@link DistinguishedName#canonical()}: every piece length-prefixed, so no
     * value (containing ',', '=', '+', NUL or digits) can be mistaken for a boundary.
     */
    String canonical() {
        StringBuilder sb = new StringBuilder();
        sb.append(oid.length()).append(':').append(oid);
        String v = value != null ? normalizeSpacesAndCase(value) : hex();
        sb.append(value != null ? 's' : 'x').append(v.length()).append(':').append(v);
        return sb.toString();
    }

    /**
     * RFC 5280 §7.1 as certmap simplifies it: ASCII letters folded, leading and trailing spaces
     * dropped, inner runs of spaces made one. Only U+0020 counts as a space; nothing else changes.
     */
    static String normalizeSpacesAndCase(String v) {
        int start = 0;
        int end = v.length();
        while (start < end && v.charAt(start) == ' ') {
            start++;
        }
        while (end > start && v.charAt(end - 1) == ' ') {
            end--;
        }
        StringBuilder sb = new StringBuilder(end - start);
        boolean space = false;
        for (int i = start; i < end; i++) {
            char c = v.charAt(i);
            if (c == ' ') {
                if (!space) {
                    sb.append(' ');
                }
                space = true;
            } else {
                sb.append(c);
                space = false;
            }
        }
        return AsciiCase.fold(sb.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ava a && a.oid.equals(oid) && Objects.equals(a.value, value)
                && Arrays.equals(a.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(oid, value, Arrays.hashCode(encoded));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        Rfc4514Writer.appendAva(sb, this);
        return sb.toString();
    }
}
