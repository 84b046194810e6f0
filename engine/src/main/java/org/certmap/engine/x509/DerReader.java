package org.certmap.engine.x509;

import java.util.HexFormat;

/**
 * A strict, minimal reader of DER: one-byte tags, definite lengths in their shortest form, every
 * length checked against the bytes that are really there.
 *
 * <p>Why our own and not {@code sun.security.util.DerValue}: that is JDK-internal, and the JDK's
 * public API only gives names as strings ({@code X500Principal.getName()}), whose escaping is the
 * very thing certmap refuses to pattern-match (DESIGN.md Invariant 4). The reader never recurses:
 * callers step into the few levels they expect with {@link Element#contents()}, so a deeply nested
 * hostile input costs nothing. Public because revocation data (CRLs, OCSP responses) is read the
 * same strict way. Indefinite lengths (BER), non-minimal lengths and multi-byte tags are
 * refused, because DER has exactly one encoding per value and a name must not have two spellings.
 */
public final class DerReader {

    public static final int INTEGER = 0x02;
    public static final int OCTET_STRING = 0x04;
    public static final int OID = 0x06;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;

    private final byte[] der;
    private final int end;
    private int pos;

    public DerReader(byte[] der) {
        this(der, 0, der.length);
    }

    private DerReader(byte[] der, int start, int end) {
        this.der = der;
        this.pos = start;
        this.end = end;
    }

    public boolean hasMore() {
        return pos < end;
    }

    /** The tag of the next element, without consuming it. */
    public int peekTag() throws NameException {
        if (pos >= end) {
            throw new NameException("truncated: expected another element");
        }
        return der[pos] & 0xFF;
    }

    /** Reads the next element, whatever its tag. */
    public Element read() throws NameException {
        int start = pos;
        int tag = peekTag();
        if ((tag & 0x1F) == 0x1F) {
            throw new NameException("multi-byte tag at offset " + start + " is not supported");
        }
        int p = pos + 1;
        if (p >= end) {
            throw new NameException("truncated: no length after tag 0x" + hex2(tag) + " at offset " + start);
        }
        int first = der[p++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw new NameException("indefinite length at offset " + start + " (BER, not DER)");
        } else {
            int count = first & 0x7F;
            if (count > 4) {
                throw new NameException("length of " + count + " bytes at offset " + start + " is too large");
            }
            if (end - p < count) {
                throw new NameException("truncated: length bytes missing at offset " + start);
            }
            if (der[p] == 0) {
                throw new NameException("non-minimal length (leading zero) at offset " + start);
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (der[p++] & 0xFF);
            }
            if (length < 0x80) {
                throw new NameException("non-minimal length (long form for " + length + ") at offset " + start);
            }
        }
        if (length > end - p) {
            throw new NameException("truncated: length " + length + " at offset " + start
                    + " exceeds the " + (end - p) + " bytes left");
        }
        pos = p + (int) length;
        return new Element(der, tag, start, p, pos);
    }

    /** Reads the next element and checks its tag; {@code what} names it in the error. */
    public Element read(int expectedTag, String what) throws NameException {
        int tag = peekTagOrFail(what);
        if (tag != expectedTag) {
            throw new NameException(what + ": expected tag 0x" + hex2(expectedTag) + " but found 0x" + hex2(tag));
        }
        return read();
    }

    /** Fails unless every byte was consumed: trailing data is a second spelling of the same thing. */
    public void expectEnd(String what) throws NameException {
        if (pos != end) {
            throw new NameException(what + ": " + (end - pos) + " unexpected trailing bytes");
        }
    }

    private int peekTagOrFail(String what) throws NameException {
        if (pos >= end) {
            throw new NameException(what + ": missing (truncated)");
        }
        return der[pos] & 0xFF;
    }

    public static String hex2(int b) {
        return HexFormat.of().withUpperCase().toHexDigits((byte) b);
    }

    /** One TLV: its tag, and where its header and contents lie in the shared buffer. */
    public static final class Element {
        private final byte[] der;
        private final int tag;
        private final int start;
        private final int contentStart;
        private final int end;

        private Element(byte[] der, int tag, int start, int contentStart, int end) {
            this.der = der;
            this.tag = tag;
            this.start = start;
            this.contentStart = contentStart;
            this.end = end;
        }

        public int tag() {
            return tag;
        }

        public int length() {
            return end - contentStart;
        }

        /** A reader over the contents, for a constructed element. */
        public DerReader contents() {
            return new DerReader(der, contentStart, end);
        }

        /** A copy of the contents octets. */
        public byte[] value() {
            byte[] copy = new byte[end - contentStart];
            System.arraycopy(der, contentStart, copy, 0, copy.length);
            return copy;
        }

        /** A copy of the whole encoding, tag and length included. */
        public byte[] encoded() {
            byte[] copy = new byte[end - start];
            System.arraycopy(der, start, copy, 0, copy.length);
            return copy;
        }

        public byte byteAt(int i) {
            return der[contentStart + i];
        }

        public byte[] buffer() {
            return der;
        }

        public int contentStart() {
            return contentStart;
        }
    }
}
