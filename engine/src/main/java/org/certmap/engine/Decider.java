package org.certmap.engine;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;
import org.certmap.engine.base.Reason;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.location.Location;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.MappingResult;
import org.certmap.engine.proxy.CertificateHeaderDecoder;
import org.certmap.engine.proxy.MalformedHeaderException;
import org.certmap.engine.validation.CertificateValidator;

/**
 * The evaluation pipeline of DESIGN.md, one for every front door and for {@code certmap explain}:
 * location → certificate source → trust → dates → usage → revocation → mapping → roles. Each step
 * records a typed {@link Check} in a {@link Findings}; a request runs it {@linkplain
 * Findings#forDecision() deciding} (stop at the first failure, no text), {@code explain} runs the very
 * same steps {@linkplain Findings#forExplanation() explaining} (every step, every check). The steps
 * that depend only on the certificate chain ({@link #certificate}) are cached per chain; the
 * decision is built from the steps' outcome by one function ({@link #decision}) in both modes.
 */
final class Decider {

    private static final String LOCATION = "location";
    private static final String SOURCE = "source";
    private static final String ROLES = "roles";

    private final DecisionLog log;
    private final ExpiringCertificates expiring;

    Decider(DecisionLog log) {
        this(log, null);
    }

    Decider(DecisionLog log, ExpiringCertificates expiring) {
        this.log = log;
        this.expiring = expiring;
    }

    Decision decide(MappingConfig cfg, DecisionCache cache, CertmapRequest request, boolean mandatory, long now) {
        // Deciding records nothing that passed: the steps below make a Findings only where one fails,
        // so a request whose certificate is in the cache allocates none.
        Location location = cfg.locations().match(request.path());
        if (location == null && !mandatory) {
            return Decision.notCovered();
        }
        Location.Requirement requirement = mandatory ? Location.Requirement.REQUIRE : location.requirement();
        CertificateHeaderDecoder decoder = cfg.headerDecoder();
        boolean viaProxy = decoder != null && cfg.trustedProxies().isTrusted(request.peerAddress());
        if (location != null && location.sslRequired() && !request.secure() && !viaProxy) {
            // Refused whatever the location requires: Ssl is about the connection, not the certificate.
            Findings f = Findings.forDecision();
            f.fail(SOURCE, Reason.SSL_REQUIRED, "check.source.notHttps");
            return refuse(request, Decision.refused(Reason.SSL_REQUIRED, null, null), f);
        }
        if (requirement == Location.Requirement.NONE) {
            return Decision.anonymous(null, null, null);
        }
        List<X509Certificate> chain;
        if (viaProxy) {
            try {
                chain = decoder.decode(request.headers(decoder.header()),
                        decoder.chainHeader() == null ? List.of() : request.headers(decoder.chainHeader()));
            } catch (MalformedHeaderException e) {
                log.malformedHeader(request, e.getMessage());
                return Decision.refused(Reason.MALFORMED_HEADER, null, null);
            }
        } else {
            if (decoder != null && !request.headers(decoder.header()).isEmpty()) {
                log.untrustedHeader(decoder.header(), request.peerAddress());
            }
            chain = request.tlsCertificates();
        }
        if (chain == null || chain.isEmpty()) {
            Findings f = Findings.forDecision();
            noCertificate(requirement, viaProxy, f);
            Decision d = decision(requirement, f.reason(), null);
            return d.isRefused() ? refuse(request, d, f) : d;
        }
        boolean validatedByConnector = !viaProxy && request.tlsCertificatesValidated();
        CertificateOutcome outcome = cache.get(chain, validatedByConnector, now);
        if (outcome == null) {
            outcome = certificate(cfg, chain, validatedByConnector, now, Findings.forDecision());
            cache.put(chain, validatedByConnector, outcome);
            if (expiring != null && outcome.failure() == null) {
                expiring.seen(outcome.authenticated(), chain.get(0).getNotAfter().getTime(), now);
            }
        }
        Check lacking = outcome.failure() == null && location != null
                ? lacksRole(location, outcome.mapping().user(), outcome.mapping().roles()) : null;
        Decision d = decision(requirement, lacking == null ? null : lacking.reason(), outcome);
        if (d.isRefused()) {
            log.refused(request, d, lacking != null ? lacking.detail() : outcome.detail());
            return d;
        }
        if (d.isAuthenticated()) {
            log.authenticated(request, d);
        } else if (d.reason() != null) {
            log.notMapped(request, d);
        }
        return d;
    }

    /** The explanation: the same steps as {@link #decide}, explaining (path null: as for a path that requires a certificate). */
    static Explanation explain(MappingConfig cfg, List<X509Certificate> chain, boolean fromTls, String path, Instant at) {
        Findings f = Findings.forExplanation();
        Location location = path == null ? null : locate(cfg, path, f);
        if (path != null && location == null) {
            return new Explanation(Decision.notCovered(), f.checks(), summary(chain));
        }
        Location.Requirement requirement = location == null ? Location.Requirement.REQUIRE : location.requirement();
        if (chain.isEmpty()) {
            // Explaining a path without a certificate: what it requires, as a request without one gets it.
            noCertificate(requirement, !fromTls, f);
            return new Explanation(decision(requirement, f.reason(), null), f.checks(), null);
        }
        CertificateOutcome outcome = certificate(cfg, chain, fromTls, at.toEpochMilli(), f);
        if (outcome.failure() == null) {
            roles(location, outcome.mapping(), f);
        }
        Decision d = decision(requirement, f.reason(), outcome);
        f.add(decisionCheck(d, f.failure()));
        return new Explanation(d, f.checks(), outcome.summary());
    }

    /**
     * {@code protectDispatches}: a dispatch the application makes (never the client) into a location
     * that requires a certificate goes on only for the user certmap logged in for this request, with
     * one of the location's roles (the mapping file's roles, as for the client's own request).
     * Locations that only accept a certificate, uncovered paths and ERROR dispatches are never refused.
     *
     * @return null when the dispatch may go on; else the refusal, logged once
     */
    Decision decideDispatch(MappingConfig cfg, Dispatch dispatch, String from, String path, Decision login) {
        if (!cfg.protectDispatches() || dispatch == Dispatch.ERROR) {
            return null;
        }
        Location location = cfg.locations().match(path);
        if (location == null || location.requirement() != Location.Requirement.REQUIRE) {
            return null;
        }
        Decision refused;
        String detail;
        if (login == null || !login.isAuthenticated()) {
            refused = Decision.refused(Reason.CERTIFICATE_REQUIRED, null, null);
            detail = "certmap logged no user in for this request (a page no location covers is not consulted)";
        } else {
            Check lacking = lacksRole(location, login.user(), login.roles());
            if (lacking == null) {
                return null;
            }
            refused = Decision.refused(Reason.ROLE_REQUIRED, login.mapping(), login.certificate());
            detail = lacking.detail();
        }
        log.dispatchRefused(dispatch, from, path, refused, login, location, detail);
        return refused;
    }

    // ---- the steps ----

    /** Step 1: the location that covers the path, or null. */
    private static Location locate(MappingConfig cfg, String path, Findings f) {
        Location location = cfg.locations().match(path);
        if (f.explaining()) {
            if (location == null) {
                f.skipped(LOCATION, "check.location.notCovered", path);
            } else {
                f.passed(LOCATION, "check.location.covers", location.pattern(), location.line(), path,
                        location.requirement(), location.sslRequired() ? new Check.Phrase("phrase.location.ssl") : "",
                        location.roles().isEmpty() ? "" : new Check.Phrase("phrase.location.roles",
                                String.valueOf(location.roles())));
            }
        }
        return location;
    }

    /** Step 2, when no certificate came: a failure where one is required. */
    private static void noCertificate(Location.Requirement requirement, boolean viaProxy, Findings f) {
        if (requirement == Location.Requirement.REQUIRE) {
            f.fail(SOURCE, Reason.CERTIFICATE_REQUIRED, viaProxy ? "check.source.noneInHeader" : "check.source.none");
        }
    }

    /**
     * Steps 3 to 7, which depend only on the chain (and the instant): validation, then mapping; the
     * first failure is the reason (DESIGN.md order). What the decision cache keeps.
     */
    static CertificateOutcome certificate(MappingConfig cfg, List<X509Certificate> chain, boolean fromTls, long now,
            Findings f) {
        f.at(now);
        CertificateFacts facts = new CertificateFacts(chain.get(0));
        long[] window = CertificateOutcome.window(chain, now);
        CertificateValidator.ValidatedPath path = cfg.validator().check(chain, fromTls, Instant.ofEpochMilli(now), f);
        MappingResult m = null;
        if (!f.stopped()) {
            facts.issuerInTrustStore(path.issuerInTrustStore());
            m = cfg.mapper().map(facts, f);
        }
        long until = Math.min(window[1], f.expiresAt());
        Check failure = f.failure();
        if (failure == null) {
            return CertificateOutcome.mapped(m, facts.summary(), window[0], until, f.revocation());
        }
        // A certificate refused by validation is never mapped, so its outcome names no mapping
        // (explaining, the checks still show what each mapping would have done).
        MappingResult named = m != null && m.check() == failure ? m : null;
        return CertificateOutcome.failed(failure.reason(), named, facts.summary(), failure.toString(), window[0], until,
                f.revocation());
    }

    /** Step 8: the location's roles; records ROLE_REQUIRED when the mapped user has none of them. */
    private static void roles(Location location, MappingResult m, Findings f) {
        if (location != null) {
            Check lacking = lacksRole(location, m.user(), m.roles());
            if (lacking != null) {
                f.add(lacking);
            }
        }
    }

    private static Check lacksRole(Location location, String user, java.util.Set<String> roles) {
        if (location.roles().isEmpty() || location.roles().stream().anyMatch(roles::contains)) {
            return null;
        }
        return Check.failed(ROLES, Reason.ROLE_REQUIRED, "check.roles.lacking", user, String.valueOf(roles),
                String.valueOf(location.roles()));
    }

    /**
     * The decision the steps add up to, for requests and explanations alike: the first failure
     * refuses where a certificate is required and leaves the request anonymous (with the reason)
     * where one is only accepted; no failure logs the user in, with the one decision object the
     * cache keeps for that certificate (front doors attach their principal to it).
     */
    private static Decision decision(Location.Requirement requirement, Reason stepFailure, CertificateOutcome outcome) {
        Reason failure = stepFailure != null ? stepFailure : outcome == null ? null : outcome.failure();
        String mapping = outcome == null || outcome.mapping() == null ? null : outcome.mapping().mapping();
        CertificateSummary summary = outcome == null ? null : outcome.summary();
        if (requirement == Location.Requirement.NONE) {
            return Decision.anonymous(null, null, null);
        }
        if (failure == null) {
            return outcome == null ? Decision.anonymous(null, null, null) : outcome.authenticated();
        }
        String revocation = outcome == null ? null : outcome.revocation();
        if (requirement == Location.Requirement.REQUIRE) {
            return Decision.refused(failure, mapping, summary).withRevocation(revocation);
        }
        return Decision.anonymous(failure, mapping, summary).withRevocation(revocation);
    }

    private static Check decisionCheck(Decision d, Check failure) {
        if (d.isAuthenticated()) {
            return Check.of("decision", Check.Outcome.PASSED, "check.decision.mapped", d.user(),
                    String.valueOf(d.roles()), d.mapping());
        }
        if (d.reason() == null || failure == null) {
            return Check.of("decision", Check.Outcome.PASSED, "check.decision.status", d.status());
        }
        Object[] args = {d.reason(), d.httpStatus(), d.reason().iisStatus(), failure.phrase()};
        return d.isRefused() ? Check.failed("decision", d.reason(), "check.decision.refused", args)
                : Check.of("decision", Check.Outcome.PASSED, "check.decision.refused", args);
    }

    private Decision refuse(CertmapRequest request, Decision d, Findings f) {
        log.refused(request, d, f.failure() == null ? d.reason().name() : f.failure().detail());
        return d;
    }

    private static CertificateSummary summary(List<X509Certificate> chain) {
        return chain.isEmpty() ? null : new CertificateFacts(chain.get(0)).summary();
    }
}
