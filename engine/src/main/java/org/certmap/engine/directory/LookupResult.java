package org.certmap.engine.directory;

import java.util.List;
import java.util.Objects;

/**
 * What a directory lookup decided for one certificate. The caller maps each kind onto a reason
 * (DESIGN.md "Validation order and reasons"):
 * {@link Found} maps the user; {@link NotFound} goes on to the file's many-to-one mappings;
 * {@link Ambiguous} is {@code NO_MAPPING} with detail "ambiguous"; {@link Disabled} and
 * {@link SidMismatch} are {@code MAPPING_DENIED}; {@link Unavailable} is 503
 * {@code DIRECTORY_UNAVAILABLE}. Every kind but {@link Unavailable} is a directory answer, cached
 * for {@code cacheTime}.
 */
public sealed interface LookupResult {

    /** The filter that was sent (values escaped), for {@code explain} and the log; null if none was. */
    String filter();

    /** One line saying what happened, for {@code explain} and the log (no secrets, values escaped). */
    String describe();

    /**
     * Mapped.
     *
     * @param user        the {@code userNameAttribute} value
     * @param roles       role names (group CNs)
     * @param dn          the entry's DN
     * @param server      the URL of the server that answered
     * @param matchedForm what tied the certificate to the entry, e.g. {@code X509:<I><SR>}
     * @param filter      the search filter
     */
    record Found(String user, List<String> roles, String dn, String server, String matchedForm, String filter)
            implements LookupResult {
        public Found {
            Objects.requireNonNull(user, "user");
            roles = List.copyOf(roles);
        }

        @Override
        public String describe() {
            return "found " + dn + " (user " + user + ") by " + matchedForm + " on " + server;
        }
    }

    /**
     * No entry matched, or there was nothing to search for.
     *
     * @param filter the filter sent, or null when no search was made
     * @param detail why, e.g. "no entry matched" or "the certificate carries no SID"
     */
    record NotFound(String filter, String detail) implements LookupResult {
        @Override
        public String describe() {
            return "not found: " + detail + (filter == null ? "" : " (filter " + filter + ")");
        }
    }

    /**
     * More than one entry matched: refused as Liberty does, never the first one.
     *
     * @param count  how many matched (at least; the search stops early)
     * @param filter the filter sent
     */
    record Ambiguous(int count, String filter) implements LookupResult {
        @Override
        public String describe() {
            return "ambiguous: " + count + " or more entries matched (filter " + filter + ")";
        }
    }

    /**
     * The entry's {@code userAccountControl} has ACCOUNTDISABLE (0x2) set.
     *
     * @param dn     the entry
     * @param filter the filter sent
     */
    record Disabled(String dn, String filter) implements LookupResult {
        @Override
        public String describe() {
            return "account disabled (userAccountControl has ACCOUNTDISABLE): " + dn;
        }
    }

    /**
     * The certificate carries a SID and the entry's {@code objectSid} is another (or missing):
     * KB5014754 Full Enforcement refuses it.
     *
     * @param dn             the entry
     * @param certificateSid the SID(s) the certificate carries
     * @param entrySid       the entry's SID, or null when it has none
     * @param filter         the filter sent
     */
    record SidMismatch(String dn, List<String> certificateSid, String entrySid, String filter)
            implements LookupResult {
        public SidMismatch {
            certificateSid = List.copyOf(certificateSid);
        }

        @Override
        public String describe() {
            return "SID mismatch: the certificate carries " + String.join(", ", certificateSid) + " but " + dn
                    + " has " + (entrySid == null ? "no objectSid" : entrySid);
        }
    }

    /**
     * No server answered.
     *
     * @param perServer each server and why
     * @param filter    the filter that could not be sent
     */
    record Unavailable(List<String> perServer, String filter) implements LookupResult {
        public Unavailable {
            perServer = List.copyOf(perServer);
        }

        @Override
        public String describe() {
            return "directory unavailable: " + String.join("; ", perServer);
        }
    }
}
