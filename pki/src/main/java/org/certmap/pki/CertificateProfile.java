package org.certmap.pki;

/** What a certificate is for; decides its default extensions (basic constraints, key usage, EKU). */
public enum CertificateProfile {
    /** A self-signed root CA. */
    CA,
    /** A CA issued by another CA. */
    INTERMEDIATE,
    /** A TLS server (EKU serverAuth, SANs for its host names). */
    SERVER,
    /** A TLS client (EKU clientAuth, keyUsage digitalSignature). */
    CLIENT;

    public boolean isCa() {
        return this == CA || this == INTERMEDIATE;
    }
}
