package org.certmap.engine.x509;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An X.501 Name (a certificate's subject or issuer, or an {@code issuer} attribute of the mapping
 * file), read structurally: RDNs of attribute type OIDs and decoded values.
 *
 * <p>Why not {@code X500Principal.getName()} or {@code getSubjectDN()}: their strings are built with
 * escaping rules that differ between the JDK's formats, and reading them back with a regex or a
 * split is how an OU whose value is {@code CN=admin} becomes a CN (DESIGN.md Invariant 4). Here a
 * value is read from the certificate's DER by its ASN.1 string type and stays attached to its type.
 *
 * <p>Equality is {@link #canonical()}: RDN by RDN, values compared with ASCII case folding and
 * spaces trimmed and collapsed, which is what RFC 5280 §7.1 allows and what a person comparing an
 * {@code issuer} string they typed with a certificate expects.
 */
public final class DistinguishedName {

    /** Root-most RDN first, as in DER; each RDN's AVAs in encoded order. */
    private final List<List<Ava>> rdns;
    private final String canonical;

    private DistinguishedName(List<List<Ava>> rdns) {
        this.rdns = rdns;
        this.canonical = canonicalOf(rdns);
    }

    /** Decodes a DER Name: SEQUENCE OF SET OF AttributeTypeAndValue, nothing after it. */
    public static DistinguishedName decode(byte[] der) throws NameException {
        Objects.requireNonNull(der, "der");
        DerReader reader = new DerReader(der);
        DerReader.Element name = reader.read(DerReader.SEQUENCE, "Name");
        reader.expectEnd("Name");
        return decode(name);
    }

    /** Decodes a Name element that is part of a larger structure (a TBSCertificate, a GeneralName). */
    static DistinguishedName decode(DerReader.Element name) throws NameException {
        List<List<Ava>> rdns = new ArrayList<>();
        DerReader rdnReader = name.contents();
        while (rdnReader.hasMore()) {
            DerReader avaReader = rdnReader.read(DerReader.SET, "RelativeDistinguishedName").contents();
            List<Ava> rdn = new ArrayList<>(1);
            while (avaReader.hasMore()) {
                DerReader fields = avaReader.read(DerReader.SEQUENCE, "AttributeTypeAndValue").contents();
                String oid = Oids.decode(fields.read(DerReader.OID, "attribute type"));
                DerReader.Element value = fields.read();
                fields.expectEnd("AttributeTypeAndValue");
                String text = DirectoryStrings.decode(value);
                rdn.add(text != null ? Ava.ofString(oid, text) : Ava.ofEncoding(oid, value.encoded()));
            }
            if (rdn.isEmpty()) {
                throw new NameException("empty RelativeDistinguishedName");
            }
            rdns.add(List.copyOf(rdn));
        }
        return new DistinguishedName(List.copyOf(rdns));
    }

    /**
     * Parses an RFC 4514 string, most specific RDN first ({@code CN=Contoso CA,O=Contoso}), with
     * escapes ({@code \,} {@code \+} {@code \\} {@code \XX} UTF-8 bytes), {@code +} for multi-valued
     * RDNs, attribute names or dotted OIDs, and {@code #hex} DER values.
     *
     * @throws IllegalArgumentException with the position and what was expected
     */
    public static DistinguishedName parse(String rfc4514) {
        Objects.requireNonNull(rfc4514, "rfc4514");
        return new DistinguishedName(Rfc4514Parser.parse(rfc4514));
    }

    /**
     * Every string value of attribute type {@code oid} in any RDN, multi-valued RDNs included, in
     * DER order (root-most first). Values that are not character strings are never returned.
     */
    public List<String> values(String oid) {
        Objects.requireNonNull(oid, "oid");
        List<String> out = null;
        for (List<Ava> rdn : rdns) {
            for (Ava ava : rdn) {
                if (ava.value() != null && ava.oid().equals(oid)) {
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(ava.value());
                }
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    /**
     * Whether some AVA of attribute type {@code oid} has a value that is not a character string
     * (an OCTET STRING, a constructed string, a SEQUENCE...): {@link #values} leaves such values
     * out, so a rule that reads this attribute cannot tell what it would have matched.
     */
    public boolean hasNonStringValue(String oid) {
        Objects.requireNonNull(oid, "oid");
        for (List<Ava> rdn : rdns) {
            for (Ava ava : rdn) {
                if (ava.value() == null && ava.oid().equals(oid)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Number of RDNs. */
    public int size() {
        return rdns.size();
    }

    /**
     * The equality key: RDN by RDN in DER order; within an RDN the AVAs sorted; each value with
     * ASCII letters folded and spaces trimmed and collapsed; everything length-prefixed, so values
     * containing {@code ,} {@code =} {@code +} or NUL cannot make two different names collide.
     * For maps and for comparing a configured {@code issuer} with a certificate's.
     */
    public String canonical() {
        return canonical;
    }

    private static String canonicalOf(List<List<Ava>> rdns) {
        StringBuilder sb = new StringBuilder();
        for (List<Ava> rdn : rdns) {
            sb.append('[');
            if (rdn.size() == 1) {
                sb.append(rdn.get(0).canonical());
            } else {
                List<String> keys = new ArrayList<>(rdn.size());
                for (Ava ava : rdn) {
                    keys.add(ava.canonical());
                }
                keys.sort(null);
                keys.forEach(sb::append);
            }
            sb.append(']');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistinguishedName d && d.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /**
     * RFC 4514 form, most specific first, safe for one log line: control and format characters are
     * {@code \XX}-escaped, values that are not strings are {@code #hex}. Parses back to an equal name.
     */
    @Override
    public String toString() {
        return Rfc4514Writer.write(rdns);
    }
}
