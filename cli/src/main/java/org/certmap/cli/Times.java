package org.certmap.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the time options: an instant, a date-time with offset, or a date (midnight UTC). */
public final class Times {

    private Times() {
    }

    public static Instant parse(String value, String option) {
        String v = value.trim();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // try a date
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliException(option + " " + value + ": not a time; write 2026-01-31T12:00:00Z, "
                    + "2026-01-31T13:00:00+01:00 or 2026-01-31");
        }
    }
}
