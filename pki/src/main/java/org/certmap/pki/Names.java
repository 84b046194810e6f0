package org.certmap.pki;

import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;

/** Distinguished names written as people write them: RFC 4514, most specific first. */
public final class Names {

    /** Keywords beyond the JDK's own (CN, C, L, ST, O, OU, DC, UID, STREET), as certmap's rules name them. */
    private static final Map<String, String> KEYWORDS = Map.of(
            "E", "1.2.840.113549.1.9.1", "EMAILADDRESS", "1.2.840.113549.1.9.1",
            "SERIALNUMBER", "2.5.4.5", "T", "2.5.4.12", "TITLE", "2.5.4.12", "GN", "2.5.4.42",
            "GIVENNAME", "2.5.4.42", "SN", "2.5.4.4", "SURNAME", "2.5.4.4", "S", "2.5.4.8");

    private Names() {
    }

    /**
     * An RFC 4514 string ({@code CN=alice,OU=Staff,O=Contoso}, as {@code openssl x509 -nameopt
     * RFC2253} prints it) as a DER name in the right order: the last RDN of the string is the first
     * in DER. Besides the JDK's keywords: E, EMAILADDRESS, SERIALNUMBER, T, TITLE, GN, GIVENNAME, SN,
     * SURNAME, S, and dotted OIDs. Values are encoded as the JDK does (PrintableString where it
     * fits, else UTF8String).
     *
     * @throws IllegalArgumentException for a string that is not an RFC 4514 name, saying how to write one
     */
    public static X500Name parse(String rfc4514) {
        try {
            return X500Name.getInstance(new X500Principal(rfc4514, KEYWORDS).getEncoded());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + rfc4514 + "' is not an RFC 4514 name (" + e.getMessage()
                    + "); write e.g. CN=alice,OU=Staff,O=Contoso and escape , + \" \\ < > ; with a backslash");
        }
    }
}
