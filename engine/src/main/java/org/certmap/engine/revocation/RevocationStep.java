package org.certmap.engine.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Logger;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;
import org.certmap.engine.base.Reason;
import org.certmap.engine.validation.RevocationChecker;

/**
 * The revocation step of the pipeline (DESIGN.md, "Revocation"): for each certificate below the
 * trust anchor ({@code scope="chain"}) or the client certificate alone ({@code scope="leaf"}), the
 * sources are asked in the configured order (OCSP first unless {@code prefer="crl"}) until one
 * gives a verified, current answer. Revoked refuses ({@code CERTIFICATE_REVOKED}); no answer
 * refuses ({@code REVOCATION_UNKNOWN}) unless {@code onUnknown="allow"}. Nothing ever turns a
 * verified "revoked" into a pass. The validator calls this only once trust, dates and usage passed,
 * so nothing is fetched for a certificate that has not (Invariant 6).
 *
 * <p>The outcome may be reused by the decision cache until the earliest nextUpdate of the data it
 * used ({@link Findings#expiresBy}); "no answer" is reused for a few seconds only, so that a
 * responder back up is asked again soon. Thread-safe: immutable, the network parts are.
 */
public final class RevocationStep implements RevocationChecker {

    static final String SUBJECT = "revocation";
    /** How long "no answer" may be reused: short, so a source back up counts soon, but not per request. */
    static final long NO_ANSWER_REUSE_MILLIS = 5_000;
    private static final Logger LOG = Logger.getLogger("org.certmap");

    private final RevocationSettings settings;
    private final RevocationFiles files;
    private final RevocationNetwork network;

    /**
     * @param network the OCSP and CRL-distribution-point client shared across reloads; null when
     *                neither {@code ocsp} nor {@code crlDistributionPoints} is on
     */
    public RevocationStep(RevocationSettings settings, RevocationFiles files, RevocationNetwork network) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.files = files == null ? RevocationFiles.NONE : files;
        this.network = network;
        if ((settings.ocsp() || settings.crlDistributionPoints()) && network == null) {
            throw new IllegalArgumentException("OCSP and CRL distribution points need the network client");
        }
    }

    public RevocationSettings settings() {
        return settings;
    }

    public RevocationFiles files() {
        return files;
    }

    /**
     * For {@code certmap check}: one line per CA of the trust store saying what the certificates it
     * issued are checked against, in the order they are asked.
     */
    public List<String> plan(List<X509Certificate> cas) {
        List<String> out = new ArrayList<>();
        out.add("revocation  " + (settings.leafOnly() ? "the client certificate only (scope=\"leaf\")"
                : "every certificate below the trust anchor (scope=\"chain\")") + "; no answer "
                + (settings.allowUnknown() ? "lets the request on with a WARN (onUnknown=\"allow\")"
                        : "refuses with REVOCATION_UNKNOWN (onUnknown=\"refuse\")") + "; timeout "
                + settings.timeout().toMillis() + " ms");
        for (X509Certificate ca : cas) {
            List<String> sources = new ArrayList<>();
            String ocsp = settings.ocsp() ? "OCSP " + (settings.ocspResponder() != null ? settings.ocspResponder()
                    : "(the responder in each certificate's AIA)") : null;
            List<String> crl = new ArrayList<>();
            RevocationFiles.Entry entry = files.of(ca);
            if (entry != null) {
                crl.add("CRL file " + entry.base() + " (" + entry.crls().base() + ")"
                        + (entry.delta() == null ? "" : " + delta " + entry.delta()));
            }
            if (settings.crlDistributionPoints()) {
                crl.add("the CRL distribution points in each certificate");
            }
            boolean ocspFirst = settings.ocsp() && (settings.preferOcsp() || !settings.crls());
            if (ocspFirst) {
                sources.add(ocsp);
            }
            sources.addAll(crl);
            if (!ocspFirst && ocsp != null) {
                sources.add(ocsp);
            }
            out.add("              issued by " + ca.getSubjectX500Principal().getName() + ": "
                    + (sources.isEmpty() ? "NO SOURCE: every certificate it issued gets "
                            + (settings.allowUnknown() ? "no answer (let on)" : "REVOCATION_UNKNOWN")
                            : String.join(", then ", sources)));
        }
        return out;
    }

    @Override
    public void check(List<X509Certificate> path, Instant at, Findings f) {
        if (path.size() < 2) {
            // The certificate is itself in the trust store (pinned): no issuer to ask about it.
            f.revocation("good");
            f.passed(SUBJECT, "check.revocation.pinned");
            return;
        }
        int checked = settings.leafOnly() ? 1 : path.size() - 1;
        boolean unknown = false;
        for (int i = 0; i < checked; i++) {
            X509Certificate certificate = path.get(i);
            X509Certificate issuer = path.get(i + 1);
            Check.Phrase which = i == 0 ? new Check.Phrase("phrase.trust.theCertificate")
                    : new Check.Phrase("phrase.revocation.ca", certificate.getSubjectX500Principal().getName());
            String serial = certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
            RevocationAnswer a = ask(certificate, issuer, at, which, serial, f);
            switch (a.kind()) {
                case REVOKED -> {
                    f.revocation("revoked");
                    f.expiresBy(a.validUntil());
                    f.fail(SUBJECT, Reason.CERTIFICATE_REVOKED, "check.revocation.revoked", which, serial,
                            a.revokedAt(), a.reason(), a.source());
                    return;
                }
                case NONE -> {
                    f.expiresBy(at.toEpochMilli() + NO_ANSWER_REUSE_MILLIS);
                    if (!settings.allowUnknown()) {
                        f.revocation("unknown");
                        f.fail(SUBJECT, Reason.REVOCATION_UNKNOWN, "check.revocation.unknown", which, serial, a.why());
                        return;
                    }
                    unknown = true;
                    if (!f.explaining()) {
                        LOG.warning(Check.failed(SUBJECT, Reason.REVOCATION_UNKNOWN, "check.revocation.allowedUnknown",
                                which, serial, a.why()).detail());
                    }
                }
                default -> f.expiresBy(a.validUntil());
            }
        }
        f.revocation(unknown ? "unknown" : "good");
        f.passed(SUBJECT, unknown ? "check.revocation.passedUnknown" : "check.revocation.good", checked);
    }

    /** Asks the sources in order until one answers; explaining, notes each source asked and what it said. */
    private RevocationAnswer ask(X509Certificate certificate, X509Certificate issuer, Instant at, Check.Phrase which,
            String serial, Findings f) {
        List<String> whys = new ArrayList<>(2);
        boolean ocspFirst = settings.ocsp() && (settings.preferOcsp() || !settings.crls());
        for (int round = 0; round < 2; round++) {
            boolean ocspRound = (round == 0) == ocspFirst;
            List<RevocationAnswer> answers = ocspRound ? ocsp(certificate, issuer, at) : crl(certificate, issuer, at);
            for (RevocationAnswer a : answers) {
                if (f.explaining()) {
                    f.note(SUBJECT, a.kind() == RevocationAnswer.Kind.GOOD ? Check.Outcome.PASSED
                            : a.kind() == RevocationAnswer.Kind.REVOKED ? Check.Outcome.MATCHED : Check.Outcome.NOT_MATCHED,
                            a.kind() == RevocationAnswer.Kind.NONE ? "check.revocation.sourceSilent"
                                    : "check.revocation.sourceSaid", which, serial, a.source(),
                            a.kind() == RevocationAnswer.Kind.NONE ? a.why() : answerPhrase(a), a.age());
                }
                if (a.kind() != RevocationAnswer.Kind.NONE) {
                    return a;
                }
                whys.add(new Check.Phrase("phrase.revocation.silent", a.source(), a.why()).render());
            }
        }
        return RevocationAnswer.none(new Check.Phrase("phrase.revocation.noSource"),
                whys.isEmpty() ? "no source is configured for this certificate" : String.join("; ", whys));
    }

    private static Check.Phrase answerPhrase(RevocationAnswer a) {
        return a.kind() == RevocationAnswer.Kind.GOOD ? new Check.Phrase("phrase.revocation.good")
                : new Check.Phrase("phrase.revocation.revokedAt", a.revokedAt(), a.reason());
    }

    private List<RevocationAnswer> ocsp(X509Certificate certificate, X509Certificate issuer, Instant at) {
        if (!settings.ocsp()) {
            return List.of();
        }
        return List.of(network.ocsp(certificate, issuer, settings, at));
    }

    /** The CRL files first, then the distribution points; the first that answers ends the list. */
    private List<RevocationAnswer> crl(X509Certificate certificate, X509Certificate issuer, Instant at) {
        List<RevocationAnswer> out = new ArrayList<>(2);
        RevocationFiles.Entry entry = files.of(issuer);
        if (entry != null) {
            RevocationAnswer a = fromCrl(entry.crls(), entry.delta() == null
                    ? new Check.Phrase("phrase.revocation.crlFile", entry.base().toString(), number(entry.crls().base()))
                    : new Check.Phrase("phrase.revocation.crlFiles", entry.base().toString(), number(entry.crls().base()),
                            entry.delta().toString(), number(entry.crls().delta())), certificate, at, settings);
            out.add(a);
            if (a.kind() != RevocationAnswer.Kind.NONE) {
                return out;
            }
        } else if (!settings.crlFiles().isEmpty() && !settings.crlDistributionPoints()) {
            out.add(RevocationAnswer.none(new Check.Phrase("phrase.revocation.crlFilesAll"),
                    "no file of crlFiles is a CRL of " + issuer.getSubjectX500Principal().getName()));
        }
        if (settings.crlDistributionPoints()) {
            out.add(network.distributionPoints(certificate, issuer, settings, at));
        }
        return out;
    }

    private static String number(Crl crl) {
        return crl.crlNumber() == null ? "-" : crl.crlNumber().toString();
    }

    /** A CRL set's status as an answer; cached no longer than the earliest nextUpdate of the CRLs used. */
    static RevocationAnswer fromCrl(CrlSet crls, Check.Phrase source, X509Certificate certificate, Instant at,
            RevocationSettings settings) {
        CrlStatus s = crls.status(certificate, at, settings.clockSkew());
        Crl used = s.source() == null ? crls.base() : s.source();
        Instant next = crls.earliestNextUpdate();
        long until = next == null ? Long.MAX_VALUE : next.toEpochMilli();
        return switch (s.kind()) {
            case GOOD -> new RevocationAnswer(RevocationAnswer.Kind.GOOD, source, null, null, used.thisUpdate(),
                    used.nextUpdate(), until, null);
            case REVOKED -> new RevocationAnswer(RevocationAnswer.Kind.REVOKED, source, s.revocationDate(),
                    s.reason().rfcName(), used.thisUpdate(), used.nextUpdate(), until, null);
            default -> new RevocationAnswer(RevocationAnswer.Kind.NONE, source, null, null, used.thisUpdate(),
                    used.nextUpdate(), Long.MAX_VALUE, s.detail());
        };
    }
}
