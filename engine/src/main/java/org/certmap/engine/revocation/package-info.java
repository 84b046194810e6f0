/**
 * Revocation data, read and verified on the JDK only. The CRL half:
 * {@link org.certmap.engine.revocation.Crl} (one verified CRL, packed for a million entries),
 * {@link org.certmap.engine.revocation.CrlSet} (a base CRL and its delta, the answer for one CA)
 * and its {@link org.certmap.engine.revocation.CrlStatus}.
 *
 * <p>Why not {@code java.security.cert.X509CRL}: the JDK keeps an {@code X509CRLEntry} object (and
 * its extensions) per revoked certificate, several hundred bytes each, so a DoD-sized CRL of a
 * million entries costs hundreds of megabytes (DESIGN.md "Performance targets" allows 64 MB), and
 * it neither applies delta CRLs nor tells an indirect CRL from a direct one. Everything here is
 * read with the strict {@link org.certmap.engine.x509.DerReader} and fails with a
 * {@link org.certmap.engine.revocation.CrlException} rather than being partly read: a CRL certmap
 * cannot read is no answer, never a pass (DESIGN.md Invariant 6).
 */
package org.certmap.engine.revocation;
