package org.certmap.engine.directory;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;
import org.certmap.engine.base.Reason;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.DirectorySource;
import org.certmap.engine.mapping.MappingResult;

/**
 * The directory between one-to-one and many-to-one (DESIGN.md, "Directory mappings"), as the
 * mapping step asks it: a found entry maps its user (mapping {@code directory}); a disabled
 * account or a SID mismatch is a Deny; more than one entry is NO_MAPPING "ambiguous"; no entry
 * goes on to many-to-one; no server answering is DIRECTORY_UNAVAILABLE (503), unless a cached answer
 * within staleTime serves, with a WARN. Each outcome may be reused by the decision cache no longer
 * than its directory cache entry lives (Invariant 5).
 */
public final class DirectoryStep implements DirectorySource {

    static final String SUBJECT = "directory";
    /** How long "no server answered" may be reused: short, so that a directory back up counts soon. */
    static final long OUTAGE_REUSE_MILLIS = 5_000;
    private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;
    private static final Logger LOG = Logger.getLogger("org.certmap");

    private final Directory directory;
    private final AtomicLong lastStaleWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    public DirectoryStep(Directory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Directory directory() {
        return directory;
    }

    @Override
    public Answer ask(CertificateFacts facts, Findings f) {
        DirectoryCache.Answer a = directory.lookup(facts.certificate(), facts.sha256(), facts.issuerInTrustStore());
        LookupResult r = a.result();
        long now = f.at();
        Duration left = directory.settings().cacheTime().minus(a.age());
        if (r instanceof LookupResult.Unavailable || a.stale()) {
            f.expiresBy(now + OUTAGE_REUSE_MILLIS);
        } else {
            f.expiresBy(now + Math.max(0, left.toMillis()));
        }
        if (a.stale()) {
            warnStale(a);
        }
        if (f.explaining()) {
            f.note(SUBJECT, r instanceof LookupResult.Found ? Check.Outcome.MATCHED : Check.Outcome.NOT_MATCHED,
                    a.stale() ? "check.directory.stale" : "check.directory.answer", r.describe(),
                    r.filter() == null ? "-" : r.filter(), a.age());
        }
        if (r instanceof LookupResult.Found found) {
            return new Answer(MappingResult.mapped(found.user(), Set.copyOf(found.roles()), SUBJECT,
                    "check.mapping.directoryFound", found.dn(), found.matchedForm(), found.server()), null);
        }
        if (r instanceof LookupResult.Ambiguous ambiguous) {
            return new Answer(MappingResult.none(SUBJECT, "check.mapping.directoryAmbiguous", ambiguous.count(),
                    ambiguous.filter()), null);
        }
        if (r instanceof LookupResult.Disabled disabled) {
            return new Answer(MappingResult.denied(SUBJECT, "check.mapping.directoryDisabled", disabled.dn()), null);
        }
        if (r instanceof LookupResult.SidMismatch mismatch) {
            return new Answer(MappingResult.denied(SUBJECT, "check.mapping.directorySid", mismatch.describe()), null);
        }
        if (r instanceof LookupResult.Unavailable outage) {
            return new Answer(null, Check.failed(SUBJECT, Reason.DIRECTORY_UNAVAILABLE, "check.directory.unavailable",
                    outage.describe()));
        }
        return Answer.notFound();
    }

    /**
     * For {@code certmap check --test-directory}: binds and searches once under baseDn, through the
     * same client and failover the requests use.
     */
    public Probe probe() {
        try {
            SearchAnswer a = directory.client().search("(objectClass=*)", java.util.List.of("objectClass"), 1);
            return new Probe(true, "bind and search under " + directory.settings().baseDn() + " answered by " + a.server());
        } catch (DirectoryUnavailableException e) {
            return new Probe(false, "NO SERVER ANSWERED: " + String.join("; ", e.perServer()));
        }
    }

    /**
     * What {@link #probe()} found.
     *
     * @param answered whether a server bound and searched
     * @param text     one line: which server answered, or why each did not
     */
    public record Probe(boolean answered, String text) {
    }

    @Override
    public String describe() {
        DirectorySettings s = directory.settings();
        return s.urls() + " under " + s.baseDn() + ", lookup " + s.lookup() + (s.allowWeak() ? " (weak forms allowed)" : "")
                + ", user " + s.userNameAttribute() + ", roles " + s.roles() + ", cacheTime " + s.cacheTime().toSeconds()
                + " s, staleTime " + s.staleTime().toSeconds() + " s, timeout " + s.timeout().toMillis() + " ms, bind "
                + (s.bindDn() == null ? "anonymous" : s.bindDn());
    }

    private void warnStale(DirectoryCache.Answer a) {
        long t = System.nanoTime();
        long last = lastStaleWarning.get();
        if (t - last >= WARN_INTERVAL_NANOS && lastStaleWarning.compareAndSet(last, t)) {
            LOG.warning(Check.of(SUBJECT, Check.Outcome.PASSED, "check.directory.staleWarning",
                    a.outage() == null ? "-" : a.outage().describe(), a.age(),
                    directory.settings().staleTime()).detail());
        }
    }
}
