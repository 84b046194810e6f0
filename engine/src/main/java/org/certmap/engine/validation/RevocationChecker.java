package org.certmap.engine.validation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.certmap.engine.base.Findings;

/**
 * The seam where revocation checking (CRL, OCSP) plugs in later, kept apart from PKIX path
 * building so that the order of reasons stays as DESIGN.md fixes it: revocation is the last
 * validation check and only runs once trust passed (a revocation answer about an untrusted chain
 * means nothing).
 *
 * <p>Implementations are called from many request threads at once and must be thread-safe.
 */
@FunctionalInterface
public interface RevocationChecker {

    /** What runs while no revocation checking is configured: a SKIPPED check, never a pass. */
    RevocationChecker NONE = (path, at, f) -> f.skipped("revocation", "check.revocation.notConfigured");

    /**
     * Checks the revocation status of a validated path.
     *
     * @param path the validated path, leaf first; with a {@code trustStore} it ends with the trust
     *             anchor's certificate (so that the last certificate's issuer is at hand), without
     *             one it is the chain as the TLS connector received it
     * @param at   the instant of the decision
     * @param f    where the answer goes: checks with subject {@code revocation}, failing with
     *             {@code CERTIFICATE_REVOKED} or {@code REVOCATION_UNKNOWN}
     */
    void check(List<X509Certificate> path, Instant at, Findings f);
}
