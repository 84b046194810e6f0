package org.certmap.engine.validation;

import java.security.cert.X509Certificate;

import javax.security.auth.x500.X500Principal;

/**
 * Wording shared by the check details. Names are rendered as RFC 2253 strings for people to read
 * only; nothing in certmap matches on these strings.
 */
final class Describe {

    private Describe() {
    }

    static String name(X500Principal principal) {
        String s = principal.getName(X500Principal.RFC2253);
        return s.isEmpty() ? "(empty name)" : s;
    }

    static String subject(X509Certificate certificate) {
        return name(certificate.getSubjectX500Principal());
    }

    static String issuer(X509Certificate certificate) {
        return name(certificate.getIssuerX500Principal());
    }
}
