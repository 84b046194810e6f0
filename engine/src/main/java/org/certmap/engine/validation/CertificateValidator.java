package org.certmap.engine.validation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;
import org.certmap.engine.base.Reason;

/**
 * Validates a presented client certificate chain against one {@code <validation>} configuration:
 * trust, dates, usage, revocation, in the order DESIGN.md fixes. All four checks are always
 * evaluated and reported (for {@code certmap explain}); the first failing one gives the reason.
 *
 * <p>Built once per configuration snapshot and then used by many request threads at once: the trust
 * anchors and PKIX parameters are prepared in the constructor and never change.
 *
 * <p>Without a {@code trustStore} nothing is ever "trusted by default" (Invariant 3): a certificate
 * from the TLS connection is trusted as far as the connector validated it, and a certificate
 * forwarded by a proxy is refused, because a header alone proves nothing.
 */
public final class CertificateValidator {

    /**
     * The {@code <validation>} settings.
     *
     * @param trustAnchors            the certificates of the {@code trustStore}; null or empty when
     *                                there is none. A non-CA certificate is a valid anchor: it pins
     *                                exactly that certificate
     * @param checkValidity           check notBefore/notAfter; when off, an expired chain is still
     *                                trusted if it chains correctly
     * @param requireClientAuthEku    refuse an EKU extension without clientAuth or anyExtendedKeyUsage
     * @param requireDigitalSignature refuse a keyUsage extension without digitalSignature
     * @param maxChainLength          most certificates in a chain, leaf to anchor inclusive, and
     *                                most certificates a client may send; at least 1
     * @param minRsaKeySize           RSA keys (leaf and every CA) shorter than this many bits are
     *                                refused; JSSE accepts 1024-bit client keys at the handshake and
     *                                JDK 17's PKIX does too, so this is certmap's own check
     */
    public record Settings(List<X509Certificate> trustAnchors, boolean checkValidity, boolean requireClientAuthEku,
                           boolean requireDigitalSignature, int maxChainLength, int minRsaKeySize) {

        /** DESIGN.md's default for {@code minRsaKeySize}. */
        public static final int DEFAULT_MIN_RSA_KEY_SIZE = 2048;

        public Settings {
            if (maxChainLength < 1) {
                throw new IllegalArgumentException("maxChainLength must be at least 1, not " + maxChainLength);
            }
            if (minRsaKeySize < 0) {
                throw new IllegalArgumentException("minRsaKeySize must not be negative, not " + minRsaKeySize);
            }
            trustAnchors = trustAnchors == null ? null : List.copyOf(trustAnchors);
        }

        public Settings(List<X509Certificate> trustAnchors, boolean checkValidity, boolean requireClientAuthEku,
                boolean requireDigitalSignature, int maxChainLength) {
            this(trustAnchors, checkValidity, requireClientAuthEku, requireDigitalSignature, maxChainLength,
                    DEFAULT_MIN_RSA_KEY_SIZE);
        }

        /** No trustStore; validity, clientAuth EKU and digitalSignature checked; chains up to 10; RSA from 2048 bits. */
        public static Settings defaults() {
            return new Settings(null, true, true, true, 10, DEFAULT_MIN_RSA_KEY_SIZE);
        }

        boolean hasTrustStore() {
            return trustAnchors != null && !trustAnchors.isEmpty();
        }
    }

    private static final String TRUST = PathTrust.SUBJECT;
    private static final String REVOCATION = "revocation";

    private final Settings settings;
    private final RevocationChecker revocation;
    private final PathTrust pathTrust;

    public CertificateValidator(Settings settings, RevocationChecker revocation) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.pathTrust = settings.hasTrustStore() ? new PathTrust(settings.trustAnchors(), settings.maxChainLength()) : null;
    }

    /**
     * What validation established, for the steps after it.
     *
     * @param path               the validated path plus its anchor (for revocation), or the chain
     *                           as sent where the TLS connector validated it
     * @param issuerInTrustStore whether the CA that signed the certificate is in the trust store
     *                           (see {@link Validation#issuerInTrustStore()})
     */
    public record ValidatedPath(List<X509Certificate> path, boolean issuerInTrustStore) {
    }

    private static final Check CONNECTOR_VALIDATED = Check.of(TRUST, Check.Outcome.PASSED, "check.trust.connector");
    /** The same trust result for every chain the connector validated: nothing to allocate per certificate. */
    private static final PathTrust.Result CONNECTOR_RESULT = new PathTrust.Result(CONNECTOR_VALIDATED, null, null);

    /**
     * The validation steps of the pipeline, in DESIGN.md's order: trust, dates, usage, revocation.
     * Deciding, it stops at the first failure and records nothing that passed (a certificate the
     * connector validated costs a few field reads and no text); explaining, every step runs.
     * Revocation is asked only when trust, dates and usage all passed (Invariant 6), in both modes.
     *
     * @param chain   the leaf first, then whatever else the client or proxy sent (issuers in any
     *                order, possibly the root, possibly unrelated certificates); not empty
     * @param fromTls true when the chain came from this server's TLS connection (the connector
     *                validated it), false when a trusted proxy forwarded it in a header
     * @param at      the instant to validate at (now, or {@code certmap explain --at})
     * @return what the later steps need; null when deciding stopped here
     */
    public ValidatedPath check(List<X509Certificate> chain, boolean fromTls, Instant at, Findings f) {
        Objects.requireNonNull(at, "at");
        List<X509Certificate> sent = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (sent.isEmpty()) {
            throw new IllegalArgumentException("no certificate to validate");
        }
        X509Certificate leaf = sent.get(0);

        PathTrust.Result trust = keySizes(trust(sent, fromTls, at), sent);
        f.add(trust.check());
        boolean trusted = trust.check().outcome() == Check.Outcome.PASSED;
        if (f.stopped()) {
            return null;
        }
        if (!settings.checkValidity()) {
            f.skipped(DatesCheck.SUBJECT, "check.dates.off");
        } else {
            DatesCheck.check(trusted && trust.certificates() != null ? trust.certificates() : List.of(leaf), at, f);
        }
        if (f.stopped()) {
            return null;
        }
        UsageCheck.check(leaf, settings.requireClientAuthEku(), settings.requireDigitalSignature(), f);
        if (f.stopped()) {
            return null;
        }
        List<X509Certificate> path = trusted ? revocationPath(trust, sent) : sent;
        if (f.failed()) {
            f.skipped(REVOCATION, "check.revocation.notValidated");
        } else {
            revocation(path, at, f);
        }
        return new ValidatedPath(path, trusted && trust.issuerInStore());
    }

    /** Every validation check, run to the end: {@link #check} explaining, for tests and tools. */
    public Validation validate(List<X509Certificate> chain, boolean fromTls, Instant at) {
        Findings f = Findings.forExplanation();
        ValidatedPath p = check(chain, fromTls, at, f);
        return new Validation(f.reason(), f.checks(), p.issuerInTrustStore());
    }

    /**
     * The trust check fails, naming the size, when an RSA key of the path (leaf, intermediates,
     * anchor), or of the chain as sent where the connector validated it, is below minRsaKeySize.
     */
    private PathTrust.Result keySizes(PathTrust.Result trust, List<X509Certificate> sent) {
        if (trust.check().outcome() != Check.Outcome.PASSED) {
            return trust;
        }
        List<X509Certificate> path = trust.certificates() == null ? sent : revocationPath(trust, sent);
        Check weak = weakRsaKey(path);
        return weak == null ? trust : PathTrust.Result.failed(weak);
    }

    /** Null when every RSA key of {@code certificates} has at least minRsaKeySize bits, else the failed trust check. */
    private Check weakRsaKey(List<X509Certificate> certificates) {
        int min = settings.minRsaKeySize();
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate c = certificates.get(i);
            if (c.getPublicKey() instanceof java.security.interfaces.RSAKey rsa) {
                int bits = rsa.getModulus().bitLength();
                if (bits < min) {
                    return i == 0
                            ? Check.failed(TRUST, Reason.CERTIFICATE_UNTRUSTED, "check.trust.weakLeafKey", bits, min)
                            : Check.failed(TRUST, Reason.CERTIFICATE_UNTRUSTED, "check.trust.weakCaKey",
                                    Describe.subject(c), bits, min);
                }
            }
        }
        return null;
    }

    /** Why some trust store certificates are not used, for the load's warnings; empty without a store. */
    public List<String> trustStoreWarnings() {
        return pathTrust == null ? List.of() : pathTrust.warnings();
    }

    /** Two same-subject CAs under different roots, which make issuer+serial keys ambiguous; or null. */
    public String sameNameCaConflict() {
        return pathTrust == null ? null : pathTrust.sameNameConflict();
    }

    /** One line per CA of the trust store: anchor or intermediate (and under which roots); empty without a store. */
    public List<String> trustStoreRoles() {
        return pathTrust == null ? List.of() : pathTrust.roles();
    }

    /**
     * What changed since the first release for this file's trust store, for {@code certmap check}
     * before an upgrade: CA certificates that were anchors and are now intermediates, and CA keys
     * that minRsaKeySize now refuses.
     */
    public List<String> upgradeNotes() {
        List<String> out = new ArrayList<>();
        if (pathTrust == null) {
            return out;
        }
        for (X509Certificate c : pathTrust.intermediates()) {
            out.add("changed in this release: " + Describe.subject(c) + " in the trust store is now an intermediate,"
                    + " checked up to its root (it was a trust anchor of its own)");
        }
        for (X509Certificate c : pathTrust.storeCas()) {
            Check weak = weakRsaKey(List.of(c));
            if (weak != null) {
                out.add("changed in this release: the trust store's CA " + Describe.subject(c) + " has an RSA key below"
                        + " minRsaKeySize " + settings.minRsaKeySize() + ": every certificate under it is refused"
                        + " (set minRsaKeySize lower to accept them while you replace it)");
            }
        }
        return out;
    }

    /** The trust store's anchors and known intermediates; empty without a store. */
    public List<X509Certificate> trustStoreCas() {
        return pathTrust == null ? List.of() : pathTrust.storeCas();
    }

    private PathTrust.Result trust(List<X509Certificate> sent, boolean fromTls, Instant at) {
        if (sent.size() > settings.maxChainLength()) {
            // A DoS guard: refuse before any path building, whose cost grows with what was sent.
            return PathTrust.Result.failed("check.trust.sentTooMany", sent.size(), settings.maxChainLength());
        }
        if (pathTrust != null) {
            return pathTrust.check(sent, at);
        }
        if (fromTls) {
            return CONNECTOR_RESULT;
        }
        return PathTrust.Result.failed("check.trust.forwardedNeedsStore");
    }

    /** The validated path plus the anchor for revocation, or the chain as sent when the connector validated it. */
    private static List<X509Certificate> revocationPath(PathTrust.Result trust, List<X509Certificate> sent) {
        if (trust.certificates() == null) {
            return sent;
        }
        List<X509Certificate> path = new ArrayList<>(trust.certificates());
        if (!path.contains(trust.anchor())) {
            path.add(trust.anchor());
        }
        return List.copyOf(path);
    }

    /** Fails closed: a checker that breaks counts as "status unknown", never as a pass. */
    private void revocation(List<X509Certificate> path, Instant at, Findings f) {
        try {
            revocation.check(path, at, f);
        } catch (RuntimeException e) {
            f.fail(REVOCATION, Reason.REVOCATION_UNKNOWN, "check.revocation.checkerFailed", e.getClass().getName());
        }
    }
}
