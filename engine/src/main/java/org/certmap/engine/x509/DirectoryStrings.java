package org.certmap.engine.x509;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns an attribute value into a Java String according to its ASN.1 string type.
 *
 * <p>Why by type, and strictly: the same name may be encoded as PrintableString, UTF8String,
 * BMPString or UniversalString and must read as the same String, while bytes that are not valid in
 * their type must not be guessed at. A lenient decoder that replaces bad UTF-8 with U+FFFD, or
 * reads a byte above 0x7F in a PrintableString as Latin-1, would let two different encodings read
 * as one name, or one encoding read differently by certmap and by the CA. So: ASCII types accept
 * only ASCII; UTF-8, UTF-16 (BMPString) and UTF-32 (UniversalString) must be well formed, without
 * unpaired surrogates; TeletexString is read as ISO-8859-1, as OpenSSL, the JDK and browsers do.
 * Any other type (an OCTET STRING, say) is not a string: {@link #decode} returns null and the value
 * matches no rule.
 */
final class DirectoryStrings {

    static final int UTF8_STRING = 0x0C;
    static final int NUMERIC_STRING = 0x12;
    static final int PRINTABLE_STRING = 0x13;
    static final int TELETEX_STRING = 0x14;
    static final int IA5_STRING = 0x16;
    static final int VISIBLE_STRING = 0x1A;
    static final int UNIVERSAL_STRING = 0x1C;
    static final int BMP_STRING = 0x1E;

    private DirectoryStrings() {
    }

    /** The value as a String, or null when its type is not a character string type. */
    static String decode(DerReader.Element value) throws NameException {
        return switch (value.tag()) {
            case PRINTABLE_STRING -> ascii(value, "PrintableString");
            case IA5_STRING -> ascii(value, "IA5String");
            case VISIBLE_STRING -> ascii(value, "VisibleString");
            case NUMERIC_STRING -> ascii(value, "NumericString");
            case UTF8_STRING -> utf8(value);
            case BMP_STRING -> bmp(value);
            case UNIVERSAL_STRING -> universal(value);
            case TELETEX_STRING -> new String(value.buffer(), value.contentStart(), value.length(),
                    StandardCharsets.ISO_8859_1);
            default -> null;
        };
    }

    /** An ASCII-only string (IA5String in a SAN); a byte above 0x7F is an error. */
    static String ascii(DerReader.Element value, String type) throws NameException {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            if (value.byteAt(i) < 0) {
                throw new NameException(type + " contains a non-ASCII byte at index " + i);
            }
        }
        return new String(value.buffer(), value.contentStart(), n, StandardCharsets.US_ASCII);
    }

    static String utf8(DerReader.Element value) throws NameException {
        int n = value.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = value.byteAt(i) >= 0;
        }
        if (ascii) {
            return new String(value.buffer(), value.contentStart(), n, StandardCharsets.US_ASCII);
        }
        return strict(value, StandardCharsets.UTF_8, "UTF8String");
    }

    private static String bmp(DerReader.Element value) throws NameException {
        if (value.length() % 2 != 0) {
            throw new NameException("BMPString has an odd length " + value.length());
        }
        return strict(value, StandardCharsets.UTF_16BE, "BMPString");
    }

    private static String universal(DerReader.Element value) throws NameException {
        int n = value.length();
        if (n % 4 != 0) {
            throw new NameException("UniversalString length " + n + " is not a multiple of 4");
        }
        StringBuilder sb = new StringBuilder(n / 4);
        for (int i = 0; i < n; i += 4) {
            int cp = ((value.byteAt(i) & 0xFF) << 24) | ((value.byteAt(i + 1) & 0xFF) << 16)
                    | ((value.byteAt(i + 2) & 0xFF) << 8) | (value.byteAt(i + 3) & 0xFF);
            if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw new NameException("UniversalString contains an invalid code point at index " + i);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String strict(DerReader.Element value, Charset charset, String type) throws NameException {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.buffer(), value.contentStart(), value.length()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NameException(type + " is not well-formed " + charset.name(), e);
        }
    }
}
