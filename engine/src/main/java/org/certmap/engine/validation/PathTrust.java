package org.certmap.engine.validation;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Reason;

/**
 * The {@code trust} check against a site {@code trustStore}: JDK PKIX path building from the leaf
 * to an anchor, using the other sent certificates as candidate intermediates (in any order, junk
 * ignored). Revocation is off here; it is a separate check with its own reason.
 *
 * <p><b>Dates.</b> PKIX also checks validity, but an otherwise well-chained expired certificate
 * must be refused as {@code CERTIFICATE_EXPIRED}, not {@code CERTIFICATE_UNTRUSTED}. The JDK builder
 * does not say why it failed, so when building at {@code at} fails, it is retried (at most twice) at
 * an instant where the leaf and its sent issuers are all valid. A path found that way counts as
 * trusted only if one of its certificates really is out of validity at {@code at}; otherwise time
 * was not the problem (for example an algorithm that the JDK refuses after some date) and trust
 * fails. The {@link DatesCheck} then checks every certificate of the returned path at {@code at}.
 *
 * <p>Built once per configuration snapshot and shared by request threads: the anchors and a
 * template of the PKIX parameters are computed here and never mutated; each call clones the
 * template and uses a fresh builder (JDK builders keep state while building).
 */
final class PathTrust {

    static final String SUBJECT = "trust";

    /**
     * What the trust check found.
     *
     * @param check        the {@code trust} check
     * @param certificates when trusted: the leaf, then the intermediates of the path (not the anchor,
     *                     unless the leaf itself is pinned); otherwise null
     * @param anchor       when trusted: the anchor's certificate; otherwise null
     * @param issuerInStore when trusted: whether the CA certificate that signed the leaf in this
     *                     path is itself in the trust store (an anchor or a known intermediate),
     *                     the condition for an {@code issuer}+{@code serialNumber} key to match
     */
    record Result(Check check, List<X509Certificate> certificates, X509Certificate anchor, boolean issuerInStore) {

        Result(Check check, List<X509Certificate> certificates, X509Certificate anchor) {
            this(check, certificates, anchor, false);
        }

        static Result failed(String code, Object... args) {
            return new Result(Check.failed(SUBJECT, Reason.CERTIFICATE_UNTRUSTED, code, args), null, null, false);
        }

        static Result failed(Check check) {
            return new Result(check, null, null, false);
        }
    }

    private final Set<X509Certificate> anchorCertificates;
    private final Map<X500Principal, List<TrustAnchor>> anchorsBySubject;
    private final List<X509Certificate> intermediates;
    private final List<X509Certificate> storeCas;
    private final Set<List<Object>> storeCaKeys;
    private final Map<X509Certificate, Set<X509Certificate>> anchorsOf;
    private final List<String> warnings;
    private final PKIXBuilderParameters template;
    private final int maxChainLength;

    /**
     * Sorts a trust store's certificates into the roles DESIGN.md gives them: its self-signed CA
     * certificates are the trust anchors and its other CA certificates are known intermediates,
     * which complete chains that a client or proxy sent without them (nginx and ALB forward the leaf
     * alone) and which are checked like any CA below an anchor. A store with no self-signed CA
     * certificate makes each of its CA certificates an anchor (trusting one intermediate only). A
     * CA certificate that chains to no anchor of a store that has one is ignored, with a warning.
     * End-entity certificates are never anchors: one in the store pins exactly that certificate.
     *
     * <p>Why intermediates are not anchors any more: an anchor ends path building, so a CA below
     * the root was trusted with no check of its own issuer; and its presence in the store is what
     * binds an {@code issuer}+{@code serialNumber} key to that CA (the role AD's NTAuth store plays).
     */
    PathTrust(List<X509Certificate> store, int maxChainLength) {
        this.maxChainLength = maxChainLength;
        Set<X509Certificate> certs = new LinkedHashSet<>(store);
        List<X509Certificate> cas = new ArrayList<>();
        List<X509Certificate> selfSigned = new ArrayList<>();
        for (X509Certificate c : certs) {
            // A pinned end-entity certificate trusts exactly itself (checked in check()). PKIX never
            // checks an anchor's basicConstraints, so as an anchor it would let whoever holds its key
            // issue certificates with any name.
            if (mayIssue(c)) {
                cas.add(c);
                if (selfSigned(c)) {
                    selfSigned.add(c);
                }
            }
        }
        List<X509Certificate> anchors = selfSigned.isEmpty() ? cas : selfSigned;
        List<String> warn = new ArrayList<>();
        Map<X509Certificate, Set<X509Certificate>> reach = new java.util.LinkedHashMap<>();
        for (X509Certificate a : anchors) {
            reach.put(a, Set.of(a));
        }
        List<X509Certificate> known = new ArrayList<>();
        for (X509Certificate c : cas) {
            if (reach.containsKey(c)) {
                continue;
            }
            Set<X509Certificate> found = new LinkedHashSet<>();
            anchorsAbove(c, anchors, cas, new HashSet<>(), found, maxChainLength);
            if (found.isEmpty()) {
                warn.add("the trust store's CA certificate " + Describe.subject(c) + " chains to none of its"
                        + " self-signed roots: it is ignored (add its issuer, or remove it)");
            } else {
                known.add(c);
                reach.put(c, Set.copyOf(found));
            }
        }
        Set<TrustAnchor> trustAnchors = new HashSet<>();
        Map<X500Principal, List<TrustAnchor>> bySubject = new HashMap<>();
        for (X509Certificate c : anchors) {
            TrustAnchor a = new TrustAnchor(c, null);
            trustAnchors.add(a);
            bySubject.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>()).add(a);
        }
        bySubject.replaceAll((k, v) -> List.copyOf(v));
        Set<X509Certificate> pinnedOrAnchor = new LinkedHashSet<>(anchors);
        for (X509Certificate c : certs) {
            if (!cas.contains(c)) {
                pinnedOrAnchor.add(c);
            }
        }
        this.anchorCertificates = Set.copyOf(pinnedOrAnchor);
        this.anchorsBySubject = Map.copyOf(bySubject);
        this.intermediates = List.copyOf(known);
        // The anchors, then the known intermediates: exactly the CAs whose roots were found.
        this.storeCas = List.copyOf(reach.keySet());
        Set<List<Object>> keys = new HashSet<>();
        for (X509Certificate c : storeCas) {
            keys.add(caKey(c.getSubjectX500Principal(), c.getPublicKey().getEncoded()));
        }
        this.storeCaKeys = Set.copyOf(keys);
        this.anchorsOf = java.util.Collections.unmodifiableMap(reach);
        this.warnings = List.copyOf(warn);
        if (trustAnchors.isEmpty()) {
            this.template = null;
            return;
        }
        try {
            PKIXBuilderParameters p = new PKIXBuilderParameters(trustAnchors, new X509CertSelector());
            p.setRevocationEnabled(false);
            // The JDK counts intermediates only (default 5); maxChainLength counts leaf..anchor.
            p.setMaxPathLength(Math.max(0, maxChainLength - 2));
            this.template = p;
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalArgumentException("no usable trust anchors", e);
        }
    }

    private static List<Object> caKey(X500Principal subject, byte[] spki) {
        return List.of(subject, java.nio.ByteBuffer.wrap(spki));
    }

    /** Collects the anchors that {@code c} chains to through the store's CAs (names and signatures; no dates). */
    private static void anchorsAbove(X509Certificate c, List<X509Certificate> anchors, List<X509Certificate> cas,
            Set<X509Certificate> visited, Set<X509Certificate> found, int depth) {
        if (depth <= 0 || !visited.add(c)) {
            return;
        }
        for (X509Certificate issuer : cas) {
            if (issuer != c && issuer.getSubjectX500Principal().equals(c.getIssuerX500Principal())
                    && signedBy(c, issuer)) {
                if (anchors.contains(issuer)) {
                    found.add(issuer);
                } else {
                    anchorsAbove(issuer, anchors, cas, visited, found, depth - 1);
                }
            }
        }
    }

    private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, c);
    }

    /** One line per CA of the store: its role, and the roots an intermediate chains to. */
    List<String> roles() {
        List<String> out = new ArrayList<>();
        anchorsOf.forEach((c, roots) -> {
            boolean anchor = roots.size() == 1 && roots.contains(c);
            StringBuilder sb = new StringBuilder(anchor ? "anchor        " : "intermediate  ").append(Describe.subject(c));
            if (!anchor) {
                sb.append(" (under ");
                boolean first = true;
                for (X509Certificate r : roots) {
                    sb.append(first ? "" : ", ").append(Describe.subject(r));
                    first = false;
                }
                sb.append(')');
            }
            out.add(sb.toString());
        });
        return out;
    }

    /** The store's known intermediates (CA certificates that are not anchors). */
    List<X509Certificate> intermediates() {
        return intermediates;
    }

    /** Why some trust store certificates are not used (for the load's warnings). */
    List<String> warnings() {
        return warnings;
    }

    /** The store's anchors and known intermediates (for {@code certmap check}). */
    List<X509Certificate> storeCas() {
        return storeCas;
    }

    /**
     * Two CA certificates of the store with the same subject, different keys and no anchor in
     * common, or null. With such a pair, an {@code issuer}+{@code serialNumber} key cannot tell
     * which CA it means (the second could issue our user's serial); under one anchor the pair is a
     * CA key rollover, made by the same authority, and fine.
     */
    String sameNameConflict() {
        List<X509Certificate> cas = new ArrayList<>(anchorsOf.keySet());
        for (int i = 0; i < cas.size(); i++) {
            for (int j = i + 1; j < cas.size(); j++) {
                X509Certificate a = cas.get(i);
                X509Certificate b = cas.get(j);
                if (a.getSubjectX500Principal().equals(b.getSubjectX500Principal())
                        && !a.getPublicKey().equals(b.getPublicKey())
                        && java.util.Collections.disjoint(anchorsOf.get(a), anchorsOf.get(b))) {
                    return Describe.subject(a) + " is in the trust store twice, with different keys under different"
                            + " roots (" + Describe.subject(first(anchorsOf.get(a))) + " and "
                            + Describe.subject(first(anchorsOf.get(b))) + ")";
                }
            }
        }
        return null;
    }

    private static X509Certificate first(Set<X509Certificate> s) {
        return s.iterator().next();
    }

    /**
     * Whether a trust-store certificate may act as a CA: basicConstraints cA=true (or an old v1
     * self-issued root, which has no extensions), and keyCertSign when it has a keyUsage extension.
     */
    static boolean mayIssue(X509Certificate c) {
        boolean ca = c.getBasicConstraints() >= 0
                || (c.getVersion() == 1 && c.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
        boolean[] usage = c.getKeyUsage();
        return ca && (usage == null || (usage.length > 5 && usage[5]));
    }

    Result check(List<X509Certificate> chain, Instant at) {
        X509Certificate leaf = chain.get(0);
        if (anchorCertificates.contains(leaf)) {
            return new Result(Check.of(SUBJECT, Check.Outcome.PASSED, "check.trust.pinned"),
                    List.of(leaf), leaf, signerInStore(leaf, null));
        }
        if (template == null) {
            return Result.failed("check.trust.onlyPins");
        }
        List<X509Certificate> candidates = new ArrayList<>(chain);
        candidates.addAll(intermediates);
        CertStore store = certStore(candidates);
        PKIXCertPathBuilderResult built = build(leaf, store, at);
        if (built != null) {
            return trusted(leaf, built, "");
        }
        Walk walk = Walk.of(candidates, anchorsBySubject);
        for (Instant t : retryInstants(leaf, walk, at)) {
            PKIXCertPathBuilderResult retry = build(leaf, store, t);
            if (retry != null) {
                Result r = trusted(leaf, retry, new Check.Phrase("phrase.trust.validitySeparately"));
                if (anyOutOfValidity(r.certificates(), at)) {
                    return r;
                }
                break;
            }
        }
        return Result.failed(diagnose(walk, at));
    }

    private Result trusted(X509Certificate leaf, PKIXCertPathBuilderResult built, Object suffix) {
        List<X509Certificate> certificates = new ArrayList<>();
        built.getCertPath().getCertificates().forEach(c -> certificates.add((X509Certificate) c));
        if (certificates.isEmpty()) {
            certificates.add(leaf);
        }
        X509Certificate anchor = built.getTrustAnchor().getTrustedCert();
        int length = certificates.size() + 1;
        if (length > maxChainLength) {
            return Result.failed("check.trust.chainTooLong", Describe.subject(anchor), length, maxChainLength);
        }
        int intermediates = certificates.size() - 1;
        Object via = intermediates == 0 ? "" : intermediates == 1 ? new Check.Phrase("phrase.trust.viaOne")
                : new Check.Phrase("phrase.trust.viaMany", intermediates);
        X509Certificate signer = certificates.size() > 1 ? certificates.get(1) : anchor;
        return new Result(Check.of(SUBJECT, Check.Outcome.PASSED, "check.trust.chains", Describe.subject(anchor), via,
                suffix),
                List.copyOf(certificates), anchor, signerInStore(leaf, signer));
    }

    /**
     * Whether the CA that signed {@code leaf} ({@code signer} in the validated path, or null to look
     * for one) is a CA of the store: the same subject and the same key as an anchor or a known
     * intermediate, whichever copy of its certificate the client sent.
     */
    private boolean signerInStore(X509Certificate leaf, X509Certificate signer) {
        if (signer != null) {
            return storeCaKeys.contains(caKey(signer.getSubjectX500Principal(), signer.getPublicKey().getEncoded()));
        }
        for (X509Certificate c : storeCas) {
            if (c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) && signedBy(leaf, c)) {
                return true;
            }
        }
        return false;
    }

    /** Null when no path was found; configuration errors are programming errors here. */
    private PKIXCertPathBuilderResult build(X509Certificate leaf, CertStore store, Instant at) {
        PKIXBuilderParameters p = (PKIXBuilderParameters) template.clone();
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(leaf);
        p.setTargetCertConstraints(target);
        p.addCertStore(store);
        p.setDate(Date.from(at));
        try {
            return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(p);
        } catch (CertPathBuilderException e) {
            return null;
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("the JDK's PKIX builder is unavailable", e);
        }
    }

    private static CertStore certStore(List<X509Certificate> chain) {
        try {
            return CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain));
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("the JDK's Collection CertStore is unavailable", e);
        }
    }

    /**
     * First an instant where the leaf and its sent issuers (found by name) are all valid, then one
     * inside the leaf's own validity; only instants other than {@code at}. Two at most, so that a
     * refused chain costs a bounded number of builds.
     */
    private static List<Instant> retryInstants(X509Certificate leaf, Walk walk, Instant at) {
        List<Instant> out = new ArrayList<>(2);
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (X509Certificate c : walk.certificates()) {
            from = Math.max(from, c.getNotBefore().getTime());
            to = Math.min(to, c.getNotAfter().getTime());
        }
        if (from <= to) {
            addIfNew(out, clamp(at, from, to), at);
        }
        addIfNew(out, clamp(at, leaf.getNotBefore().getTime(), leaf.getNotAfter().getTime()), at);
        return out;
    }

    private static void addIfNew(List<Instant> out, Instant t, Instant at) {
        if (!t.equals(at) && !out.contains(t)) {
            out.add(t);
        }
    }

    private static Instant clamp(Instant at, long fromMillis, long toMillis) {
        long ms = at.toEpochMilli();
        if (ms < fromMillis) {
            return Instant.ofEpochMilli(fromMillis);
        }
        if (ms > toMillis) {
            return Instant.ofEpochMilli(toMillis);
        }
        return at;
    }

    private static boolean anyOutOfValidity(List<X509Certificate> certificates, Instant at) {
        long ms = at.toEpochMilli();
        for (X509Certificate c : certificates) {
            if (ms < c.getNotBefore().getTime() || ms > c.getNotAfter().getTime()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Says why no path was found, for {@code certmap explain}: the builder only says "unable to find
     * a valid certification path". Follows issuer names through the sent certificates and, when they
     * reach the trust store, validates that one path to get the JDK's reason and the certificate it
     * concerns.
     */
    private Check diagnose(Walk walk, Instant at) {
        List<X509Certificate> certs = walk.certificates();
        X509Certificate last = certs.get(certs.size() - 1);
        if (walk.anchors().isEmpty()) {
            if (last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
                return untrusted("check.trust.selfIssued", Describe.subject(last));
            }
            return untrusted("check.trust.issuerUnknown", Describe.issuer(last), Describe.subject(last));
        }
        int length = certs.size() + 1;
        if (length > maxChainLength) {
            return untrusted("check.trust.chainTooLong", Describe.issuer(last), length, maxChainLength);
        }
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(certs);
            PKIXParameters p = new PKIXParameters(new HashSet<>(walk.anchors()));
            p.setRevocationEnabled(false);
            p.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(path, p);
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            X509Certificate which = index >= 0 && index < certs.size() ? certs.get(index) : last;
            Check.Phrase whose = which == certs.get(0) ? new Check.Phrase("phrase.trust.theCertificate")
                    : new Check.Phrase("phrase.trust.sentCertificate", Describe.subject(which));
            return untrusted("check.trust.invalid", whose, explain(e, which));
        } catch (GeneralSecurityException e) {
            // Fall through to the generic sentence below.
        }
        return untrusted("check.trust.noPath");
    }

    private static Check untrusted(String code, Object... args) {
        return Check.failed(SUBJECT, Reason.CERTIFICATE_UNTRUSTED, code, args);
    }

    private static Check.Phrase explain(CertPathValidatorException e, X509Certificate which) {
        CertPathValidatorException.Reason r = e.getReason();
        if (r == CertPathValidatorException.BasicReason.INVALID_SIGNATURE
                || r == PKIXReason.NO_TRUST_ANCHOR) {
            return new Check.Phrase("phrase.pkix.signature", Describe.issuer(which));
        }
        if (r == PKIXReason.NOT_CA_CERT) {
            return new Check.Phrase("phrase.pkix.notCa");
        }
        if (r == PKIXReason.INVALID_KEY_USAGE) {
            return new Check.Phrase("phrase.pkix.keyUsage");
        }
        if (r == PKIXReason.PATH_TOO_LONG) {
            return new Check.Phrase("phrase.pkix.pathLength");
        }
        if (r == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return new Check.Phrase("phrase.pkix.algorithm");
        }
        if (r == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return new Check.Phrase("phrase.pkix.criticalExtension");
        }
        if (r == CertPathValidatorException.BasicReason.EXPIRED
                || r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return new Check.Phrase("phrase.pkix.validity");
        }
        return new Check.Phrase("phrase.pkix.other", String.valueOf(r));
    }

    /**
     * The chain as issuer names suggest it: the leaf, then sent certificates each named as the
     * previous one's issuer, until an issuer name is in the trust store. A cheap guess (no signature
     * is checked), used only to pick retry instants and to word a refusal.
     *
     * @param anchors trust anchors named as the last certificate's issuer; empty when none is
     */
    private record Walk(List<X509Certificate> certificates, List<TrustAnchor> anchors) {

        static Walk of(List<X509Certificate> chain, Map<X500Principal, List<TrustAnchor>> anchorsBySubject) {
            List<X509Certificate> walk = new ArrayList<>();
            X509Certificate current = chain.get(0);
            walk.add(current);
            while (true) {
                List<TrustAnchor> anchors = anchorsBySubject.get(current.getIssuerX500Principal());
                if (anchors != null) {
                    return new Walk(List.copyOf(walk), anchors);
                }
                X509Certificate next = null;
                for (int i = 1; i < chain.size() && next == null; i++) {
                    X509Certificate c = chain.get(i);
                    if (!walk.contains(c) && c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                        next = c;
                    }
                }
                if (next == null) {
                    return new Walk(List.copyOf(walk), List.of());
                }
                walk.add(next);
                current = next;
            }
        }
    }
}
