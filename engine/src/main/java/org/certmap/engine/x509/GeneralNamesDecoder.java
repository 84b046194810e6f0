package org.certmap.engine.x509;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the SubjectAltName extension (an OCTET STRING wrapping GeneralNames) into values by {@link
 * SanType}, in the order they appear.
 *
 * <p>Strict on purpose: a SAN certmap cannot fully read fails the whole certificate ({@link
 * NameException}) instead of being skipped, so that a Deny rule on, say, {@code upn} can never be
 * dodged with a value that a lax decoder drops. Choices certmap has no rule for (x400Address,
 * directoryName, ediPartyName, registeredID, other otherNames) are checked as DER and ignored; a
 * choice in the form its ASN.1 type does not have (an rfc822Name, dNSName, URI or iPAddress
 * encoded constructed, an otherName or directoryName primitive) is not skipped but refused.
 */
final class GeneralNamesDecoder {

    static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

    private static final int OTHER_NAME = 0xA0;
    private static final int RFC822_NAME = 0x81;
    private static final int DNS_NAME = 0x82;
    private static final int URI = 0x86;
    private static final int IP_ADDRESS = 0x87;
    private static final int X400_ADDRESS = 0xA3;
    private static final int DIRECTORY_NAME = 0xA4;
    private static final int EDI_PARTY_NAME = 0xA5;
    private static final int REGISTERED_ID = 0x88;

    private GeneralNamesDecoder() {
    }

    /** Decodes {@code X509Certificate.getExtensionValue("2.5.29.17")}; null means no SAN extension. */
    static Map<SanType, List<String>> decode(byte[] extensionValue) throws NameException {
        Map<SanType, List<String>> out = new EnumMap<>(SanType.class);
        if (extensionValue == null) {
            return out;
        }
        DerReader outer = new DerReader(extensionValue);
        DerReader.Element octets = outer.read(DerReader.OCTET_STRING, "SubjectAltName extension");
        outer.expectEnd("SubjectAltName extension");
        DerReader wrapped = octets.contents();
        DerReader names = wrapped.read(DerReader.SEQUENCE, "GeneralNames").contents();
        wrapped.expectEnd("GeneralNames");
        if (!names.hasMore()) {
            throw new NameException("GeneralNames is empty");
        }
        while (names.hasMore()) {
            DerReader.Element name = names.read();
            switch (name.tag()) {
                case RFC822_NAME -> add(out, SanType.EMAIL, DirectoryStrings.ascii(name, "rfc822Name"));
                case DNS_NAME -> add(out, SanType.DNS, DirectoryStrings.ascii(name, "dNSName"));
                case URI -> add(out, SanType.URI, DirectoryStrings.ascii(name, "uniformResourceIdentifier"));
                case IP_ADDRESS -> add(out, SanType.IP, IpAddresses.format(name.value()));
                case OTHER_NAME -> otherName(out, name);
                case X400_ADDRESS, DIRECTORY_NAME, EDI_PARTY_NAME, REGISTERED_ID -> {
                    // no rule reads these; their contents were checked as DER by read()
                }
                default -> {
                    int kind = name.tag() & 0x1F;
                    if ((name.tag() & 0xC0) != 0x80 || kind > 8) {
                        throw new NameException("unknown GeneralName tag 0x" + DerReader.hex2(name.tag()));
                    }
                    // A known choice in the other form (rfc822Name constructed, otherName primitive...):
                    // not DER, and skipping it would hide a value from a Deny rule.
                    throw new NameException("GeneralName [" + kind + "] in the wrong form (tag 0x"
                            + DerReader.hex2(name.tag()) + ")");
                }
            }
        }
        for (Map.Entry<SanType, List<String>> e : out.entrySet()) {
            e.setValue(List.copyOf(e.getValue()));
        }
        return out;
    }

    /** otherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }, IMPLICIT-tagged [0]. */
    private static void otherName(Map<SanType, List<String>> out, DerReader.Element name) throws NameException {
        DerReader fields = name.contents();
        String typeId = Oids.decode(fields.read(DerReader.OID, "otherName type-id"));
        DerReader.Element explicit = fields.read(0xA0, "otherName value");
        fields.expectEnd("otherName");
        if (!typeId.equals(UPN_OID)) {
            return;
        }
        DerReader inner = explicit.contents();
        DerReader.Element utf8 = inner.read(DirectoryStrings.UTF8_STRING, "UPN (must be a UTF8String)");
        inner.expectEnd("UPN");
        add(out, SanType.UPN, DirectoryStrings.utf8(utf8));
    }

    private static void add(Map<SanType, List<String>> out, SanType type, String value) {
        out.computeIfAbsent(type, t -> new ArrayList<>(2)).add(value);
    }
}
