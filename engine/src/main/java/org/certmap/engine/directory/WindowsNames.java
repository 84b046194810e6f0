package org.certmap.engine.directory;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;

/**
 * A certificate's issuer or subject written as Active Directory's {@code altSecurityIdentities}
 * values hold it: RDNs in X.500 order (the root-most first, as the DER has them, which is the
 * reverse of RFC 4514's order), with the attribute keys of Windows' {@code CertNameToStr} /
 * {@code CertStrToName} X.500 table, and RFC 4514 §2.4 escaping of each value.
 *
 * <p>Why certmap writes this itself: the string is compared by the directory as a string, so every
 * character counts, and the JDK's names use other keys ({@code ST}, {@code EMAILADDRESS} or an
 * OID in {@code #hex} form). KB5014754 and certutil write {@code DC=com,DC=contoso,CN=Contoso CA};
 * Windows' key table (documented under {@code CertStrToName}) gives: CN, L, O, OU, E (emailAddress),
 * C, S (stateOrProvinceName), STREET, T (title), G (givenName), I (initials), SN (surname), DC,
 * SERIALNUMBER, Description, PostalCode, POBox, Phone, X21Address, dnQualifier, UnstructuredName
 * and UnstructuredAddress; any other type is {@code OID.} + its dotted number, as Windows prints it.
 * A multi-valued RDN is joined with {@code +} (with {@code " + "} in the spaced variant, as
 * certutil displays it). A value that is not a character string is {@code #} + its DER in hex.
 */
final class WindowsNames {

    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"),
            Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.10", "O"),
            Map.entry("2.5.4.11", "OU"),
            Map.entry("1.2.840.113549.1.9.1", "E"),
            Map.entry("2.5.4.6", "C"),
            Map.entry("2.5.4.8", "S"),
            Map.entry("2.5.4.9", "STREET"),
            Map.entry("2.5.4.12", "T"),
            Map.entry("2.5.4.42", "G"),
            Map.entry("2.5.4.43", "I"),
            Map.entry("2.5.4.4", "SN"),
            Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("2.5.4.5", "SERIALNUMBER"),
            Map.entry("2.5.4.13", "Description"),
            Map.entry("2.5.4.17", "PostalCode"),
            Map.entry("2.5.4.18", "POBox"),
            Map.entry("2.5.4.20", "Phone"),
            Map.entry("2.5.4.24", "X21Address"),
            Map.entry("2.5.4.46", "dnQualifier"),
            Map.entry("1.2.840.113549.1.9.2", "UnstructuredName"),
            Map.entry("1.2.840.113549.1.9.8", "UnstructuredAddress"));

    private WindowsNames() {
    }

    /**
     * Writes the DER Name {@code name} (a SEQUENCE element) in X.500 order, RDNs joined by
     * {@code separator} ({@code ","} or {@code ", "}).
     */
    static String write(DerReader.Element name, String separator) throws NameException {
        StringBuilder sb = new StringBuilder();
        DerReader rdns = name.contents();
        boolean first = true;
        String plus = separator.length() > 1 ? " + " : "+";
        while (rdns.hasMore()) {
            DerReader avas = rdns.read(DerReader.SET, "RelativeDistinguishedName").contents();
            if (!first) {
                sb.append(separator);
            }
            first = false;
            boolean firstAva = true;
            while (avas.hasMore()) {
                DerReader fields = avas.read(DerReader.SEQUENCE, "AttributeTypeAndValue").contents();
                String oid = oid(fields.read(DerReader.OID, "attribute type"));
                DerReader.Element value = fields.read();
                fields.expectEnd("AttributeTypeAndValue");
                if (!firstAva) {
                    sb.append(plus);
                }
                firstAva = false;
                String key = KEYS.get(oid);
                sb.append(key != null ? key : "OID." + oid).append('=');
                String text = string(value);
                if (text == null) {
                    sb.append('#').append(HexFormat.of().withUpperCase().formatHex(value.encoded()));
                } else {
                    appendEscaped(sb, text);
                }
            }
            if (firstAva) {
                throw new NameException("empty RelativeDistinguishedName");
            }
        }
        return sb.toString();
    }

    /** RFC 4514 §2.4: {@code " + , ; < > \} escaped, a leading {@code #} or space, a trailing space, NUL as {@code \00}. */
    static void appendEscaped(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' || c == '\\'
                    || (i == 0 && (c == '#' || c == ' ')) || (i == v.length() - 1 && c == ' ')) {
                sb.append('\\').append(c);
            } else if (c == 0) {
                sb.append("\\00");
            } else {
                sb.append(c);
            }
        }
    }

    /** The value of a character-string type, or null for any other ASN.1 type. */
    private static String string(DerReader.Element value) throws NameException {
        byte[] v = value.value();
        return switch (value.tag()) {
            case 0x0C -> strict(v, StandardCharsets.UTF_8, "UTF8String");
            case 0x13, 0x16, 0x12, 0x1A -> strict(v, StandardCharsets.US_ASCII, "string");
            // TeletexString: Windows, like most decoders, reads it as 8-bit Latin-1.
            case 0x14 -> new String(v, StandardCharsets.ISO_8859_1);
            case 0x1E -> strict(v, StandardCharsets.UTF_16BE, "BMPString");
            case 0x1C -> universal(v);
            default -> null;
        };
    }

    private static String strict(byte[] v, Charset cs, String type) throws NameException {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(v)).toString();
        } catch (CharacterCodingException e) {
            throw new NameException("invalid " + type + " in a name", e);
        }
    }

    private static String universal(byte[] v) throws NameException {
        if (v.length % 4 != 0) {
            throw new NameException("UniversalString length is not a multiple of 4");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i += 4) {
            int cp = ((v[i] & 0xFF) << 24) | ((v[i + 1] & 0xFF) << 16) | ((v[i + 2] & 0xFF) << 8) | (v[i + 3] & 0xFF);
            if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw new NameException("invalid UniversalString code point");
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** Dotted form of an OBJECT IDENTIFIER element (X.690 §8.19), minimal base-128 arcs only. */
    static String oid(DerReader.Element element) throws NameException {
        byte[] v = element.value();
        if (v.length == 0 || (v[v.length - 1] & 0x80) != 0) {
            throw new NameException("malformed OBJECT IDENTIFIER");
        }
        StringBuilder sb = new StringBuilder();
        BigInteger arc = BigInteger.ZERO;
        boolean firstArc = true;
        boolean start = true;
        for (byte b : v) {
            if (start && (b & 0xFF) == 0x80) {
                throw new NameException("non-minimal OBJECT IDENTIFIER arc");
            }
            start = false;
            arc = arc.shiftLeft(7).or(BigInteger.valueOf(b & 0x7F));
            if ((b & 0x80) == 0) {
                if (firstArc) {
                    int top = arc.compareTo(BigInteger.valueOf(80)) >= 0 ? 2 : arc.intValue() / 40;
                    sb.append(top).append('.').append(arc.subtract(BigInteger.valueOf(40L * top)));
                    firstArc = false;
                } else {
                    sb.append('.').append(arc);
                }
                arc = BigInteger.ZERO;
                start = true;
            }
        }
        return sb.toString();
    }
}
