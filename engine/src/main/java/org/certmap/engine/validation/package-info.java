/**
 * Certificate validation for {@code <validation>}: trust (PKIX to the site {@code trustStore}),
 * dates, key usage and a seam for revocation, run in the order DESIGN.md fixes so that each refusal
 * carries the reason an admin can act on.
 *
 * <p>Public: {@link org.certmap.engine.validation.CertificateValidator} (one per configuration
 * snapshot, shared by threads), its {@link org.certmap.engine.validation.Validation} result,
 * {@link org.certmap.engine.validation.RevocationChecker} and
 * {@link org.certmap.engine.validation.TrustStoreLoader}. Everything else is package-private.
 */
package org.certmap.engine.validation;
