/**
 * Certificate names read structurally from DER: {@link org.certmap.engine.x509.CertificateNames}
 * (subject, issuer, SANs of one certificate), {@link org.certmap.engine.x509.DistinguishedName}
 * (decode, RFC 4514 parse and print, canonical equality), {@link org.certmap.engine.x509.AttributeType}
 * and {@link org.certmap.engine.x509.SanType} (the names rules use).
 *
 * <p>Why a package of its own, on the JDK only: mapping rules must see exactly the value a CA
 * signed, attached to exactly its attribute type (DESIGN.md Invariant 4). No DN string from the
 * JDK is ever parsed, and every decoder is strict: a name certmap cannot read fails with
 * {@link org.certmap.engine.x509.NameException} rather than being partly read.
 */
package org.certmap.engine.x509;
