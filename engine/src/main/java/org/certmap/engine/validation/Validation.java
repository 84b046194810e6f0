package org.certmap.engine.validation;

import java.util.List;
import java.util.Objects;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Reason;

/**
 * The outcome of validating one presented certificate chain.
 *
 * <p>Every check is reported even after a failure, because {@code certmap explain} shows them all;
 * {@code failure} is the reason of the first failing check in the order of DESIGN.md.
 *
 * @param failure the reason of the first failing check, or {@code null} when everything passed
 * @param checks  {@code trust}, {@code dates}, {@code usage}, {@code revocation}, in that order
 * @param issuerInTrustStore whether the CA that signed the certificate in the validated path is
 *                           itself in {@code <validation trustStore>} (an anchor or a known
 *                           intermediate): only then may an {@code issuer}+{@code serialNumber}
 *                           key match, since another CA may carry the same name
 */
public record Validation(Reason failure, List<Check> checks, boolean issuerInTrustStore) {

    public Validation {
        checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
    }

    public Validation(Reason failure, List<Check> checks) {
        this(failure, checks, false);
    }

    /** Whether no check failed (skipped checks do not fail). */
    public boolean passed() {
        return failure == null;
    }
}
