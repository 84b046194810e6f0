package org.certmap.engine.validation;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import javax.security.auth.x500.X500Principal;

/**
 * Wording shared by the check details. Names are rendered as RFC 2253 strings for people to read
 * only; nothing in certmap matches on these strings.
 */
final class Describe {

    private Describe() {
    }

    static String name(X500Principal principal) {
        String s = principal.getName(X500Principal.RFC2253);
        return s.isEmpty() ? "(empty name)" : s;
    }

    static String subject(X509Certificate certificate) {
        return name(certificate.getSubjectX500Principal());
    }

    static String issuer(X509Certificate certificate) {
        return name(certificate.getIssuerX500Principal());
    }

    /** Second precision, as certificates carry it; never fractions that only add noise. */
    static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A coarse human length ("1 second", "5 hours", "3 years"): the admin wants to tell "clock skew"
     * from "renew this certificate", not read an exact figure.
     */
    static String length(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 120) {
            return plural(Math.max(1, seconds), "second");
        }
        if (seconds < 2 * 3600) {
            return plural(seconds / 60, "minute");
        }
        if (seconds < 2 * 86400) {
            return plural(seconds / 3600, "hour");
        }
        long days = seconds / 86400;
        if (days < 2 * 365) {
            return plural(days, "day");
        }
        return plural(days / 365, "year");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
