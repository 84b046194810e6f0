package org.certmap.engine;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.location.Location;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.MappingResult;
import org.certmap.engine.proxy.CertificateHeaderDecoder;
import org.certmap.engine.proxy.MalformedHeaderException;
import org.certmap.engine.validation.Validation;

/**
 * The decision matrix of DESIGN.md, in one function for every front door: which location covers
 * the path, where the certificate comes from (the TLS connection, or a trusted proxy's header),
 * validation, mapping, and the location's roles.
 */
final class Decider {

    private final DecisionLog log;

    Decider(DecisionLog log) {
        this.log = log;
    }

    Decision decide(MappingConfig cfg, DecisionCache cache, CertmapRequest request, boolean mandatory, long now) {
        Location location = cfg.locations().match(request.path());
        if (location == null && !mandatory) {
            return Decision.notCovered();
        }
        Location.Requirement requirement = mandatory ? Location.Requirement.REQUIRE
                : location.requirement();
        CertificateHeaderDecoder decoder = cfg.headerDecoder();
        boolean viaProxy = decoder != null && cfg.trustedProxies().isTrusted(request.peerAddress());
        if (location != null && location.sslRequired() && !request.secure() && !viaProxy) {
            return refuse(request, Decision.refused(Reason.SSL_REQUIRED, null, null), "the request is not HTTPS");
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
            if (requirement == Location.Requirement.REQUIRE) {
                return refuse(request, Decision.refused(Reason.CERTIFICATE_REQUIRED, null, null),
                        "no client certificate" + (viaProxy ? " in the proxy's header" : ""));
            }
            return Decision.anonymous(null, null, null);
        }
        boolean validatedByConnector = !viaProxy && request.tlsCertificatesValidated();
        CertificateOutcome outcome = cache.get(chain, validatedByConnector, now);
        if (outcome == null) {
            outcome = evaluate(cfg, chain, validatedByConnector, now);
            cache.put(chain, validatedByConnector, outcome);
        }
        MappingResult m = outcome.mapping();
        String mappingName = m == null ? null : m.mapping();
        if (outcome.failure() != null) {
            if (requirement == Location.Requirement.REQUIRE) {
                return refuse(request, Decision.refused(outcome.failure(), mappingName, outcome.summary()),
                        outcome.detail());
            }
            Decision d = Decision.anonymous(outcome.failure(), mappingName, outcome.summary());
            log.notMapped(request, d);
            return d;
        }
        if (location != null && !location.roles().isEmpty()
                && location.roles().stream().noneMatch(m.roles()::contains)) {
            return refuse(request, Decision.refused(Reason.ROLE_REQUIRED, mappingName, outcome.summary()),
                    "user " + m.user() + " has roles " + m.roles() + ", the location needs one of " + location.roles());
        }
        // The same immutable decision for every request with this certificate (front doors may cache
        // what they derive from it, such as the container principal, by its identity).
        Decision d = outcome.authenticated();
        log.authenticated(request, d);
        return d;
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
        } else if (!location.roles().isEmpty() && location.roles().stream().noneMatch(login.roles()::contains)) {
            refused = Decision.refused(Reason.ROLE_REQUIRED, login.mapping(), login.certificate());
            detail = "user " + login.user() + " has roles " + login.roles() + ", the location needs one of "
                    + location.roles();
        } else {
            return null;
        }
        log.dispatchRefused(dispatch, from, path, refused, login, location, detail);
        return refused;
    }

    private Decision refuse(CertmapRequest request, Decision d, String detail) {
        log.refused(request, d, detail);
        return d;
    }

    /** Validation, then mapping; the first failure is the reason (DESIGN.md order). */
    static CertificateOutcome evaluate(MappingConfig cfg, List<X509Certificate> chain, boolean fromTls, long now) {
        CertificateFacts facts = new CertificateFacts(chain.get(0));
        long[] window = CertificateOutcome.window(chain, now);
        Instant at = Instant.ofEpochMilli(now);
        Validation v = cfg.validator().passesQuickly(chain, fromTls, at) ? null
                : cfg.validator().validate(chain, fromTls, at);
        if (v != null && !v.passed()) {
            String detail = v.checks().stream().filter(c -> c.outcome() == Check.Outcome.FAILED).findFirst()
                    .map(Check::toString).orElse(v.failure().name());
            return CertificateOutcome.failed(v.failure(), null, facts.summary(), detail, window[0], window[1]);
        }
        facts.issuerInTrustStore(v != null && v.issuerInTrustStore());
        MappingResult m = cfg.mapper().map(facts);
        if (m.outcome() == MappingResult.Outcome.MAPPED) {
            return CertificateOutcome.mapped(m, facts.summary(), window[0], window[1]);
        }
        Reason failure = m.outcome() == MappingResult.Outcome.DENIED ? Reason.MAPPING_DENIED : Reason.NO_MAPPING;
        return CertificateOutcome.failed(failure, m, facts.summary(), m.detail(), window[0], window[1]);
    }

    /** Every check and every mapping, and the decision for a path (null: as for a path that requires a certificate). */
    static Explanation explain(MappingConfig cfg, List<X509Certificate> chain, boolean fromTls, String path, Instant at) {
        List<Check> checks = new ArrayList<>();
        Location location = path == null ? null : cfg.locations().match(path);
        Location.Requirement requirement = Location.Requirement.REQUIRE;
        if (path != null) {
            if (location == null) {
                checks.add(Check.skipped("location", "no location covers " + path
                        + ": certmap is not consulted there (unless a web.xml CLIENT-CERT constraint covers it)"));
                return new Explanation(Decision.notCovered(), checks, summary(chain));
            }
            requirement = location.requirement();
            checks.add(Check.passed("location", location.pattern() + " (line " + location.line() + ") covers " + path
                    + ": " + requirement + (location.sslRequired() ? ", Ssl" : "")
                    + (location.roles().isEmpty() ? "" : ", roles " + location.roles())));
        }
        if (chain.isEmpty()) {
            Decision d = requirement == Location.Requirement.REQUIRE
                    ? Decision.refused(Reason.CERTIFICATE_REQUIRED, null, null) : Decision.anonymous(null, null, null);
            return new Explanation(d, checks, null);
        }
        CertificateFacts facts = new CertificateFacts(chain.get(0));
        Validation v = cfg.validator().validate(chain, fromTls, at);
        checks.addAll(v.checks());
        facts.issuerInTrustStore(v.issuerInTrustStore());
        MappingResult m = cfg.mapper().explain(facts, checks);
        Reason failure = !v.passed() ? v.failure()
                : m.outcome() == MappingResult.Outcome.MAPPED ? null
                : m.outcome() == MappingResult.Outcome.DENIED ? Reason.MAPPING_DENIED : Reason.NO_MAPPING;
        if (failure == null && location != null && !location.roles().isEmpty()
                && location.roles().stream().noneMatch(m.roles()::contains)) {
            failure = Reason.ROLE_REQUIRED;
            checks.add(Check.failed("roles", "user " + m.user() + " has " + m.roles() + "; the location needs one of "
                    + location.roles()));
        }
        // As decide(): a certificate refused by validation is never mapped, so its decision names no
        // mapping (the checks above still show what each mapping would have done).
        String mapping = v.passed() ? m.mapping() : null;
        Decision d;
        if (requirement == Location.Requirement.NONE) {
            d = Decision.anonymous(null, null, null);
        } else if (failure == null) {
            d = Decision.authenticated(m.user(), m.roles(), mapping, facts.summary());
        } else if (requirement == Location.Requirement.REQUIRE) {
            d = Decision.refused(failure, mapping, facts.summary());
        } else {
            d = Decision.anonymous(failure, mapping, facts.summary());
        }
        String why = !v.passed() ? v.checks().stream().filter(c -> c.outcome() == Check.Outcome.FAILED)
                .map(Check::detail).findFirst().orElse(v.failure().name()) : m.detail();
        checks.add(new Check("decision", d.isRefused() ? Check.Outcome.FAILED : Check.Outcome.PASSED,
                d.isAuthenticated() ? "maps to " + d.user() + " with roles " + d.roles() + " by " + d.mapping()
                        : d.reason() == null ? d.status().toString() : d.reason() + " (HTTP " + d.httpStatus()
                                + ", IIS " + d.reason().iisStatus() + "): " + why));
        return new Explanation(d, checks, facts.summary());
    }

    private static CertificateSummary summary(List<X509Certificate> chain) {
        return chain.isEmpty() ? null : new CertificateFacts(chain.get(0)).summary();
    }
}
