package org.certmap.engine.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import org.certmap.engine.base.Messages;
import org.certmap.engine.match.AsciiCase;

/**
 * Parsers for the small value syntaxes of the mapping file. Each throws
 * {@link IllegalArgumentException} with a message that says what was expected; the loader adds
 * file, line and column.
 */
public final class Values {

    private Values() {
    }

    /** A list separated by spaces and/or commas ({@code roles}, {@code trustedProxies}); duplicates dropped. */
    public static Set<String> list(String value) {
        Set<String> out = new LinkedHashSet<>();
        if (value == null) {
            return out;
        }
        for (String s : value.split("[\\s,]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** A size: a plain number of bytes, or a number with {@code KB}, {@code MB} or {@code GB} (powers of 1024, any case). */
    public static long size(String value) {
        String v = value.trim();
        String upper = v.toUpperCase(java.util.Locale.ROOT);
        long unit = 1;
        if (upper.endsWith("KB")) {
            unit = 1024;
        } else if (upper.endsWith("MB")) {
            unit = 1024 * 1024;
        } else if (upper.endsWith("GB")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? v : v.substring(0, v.length() - 2).trim();
        try {
            long n = Long.parseLong(digits);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Messages.format("config.value.notSize", value));
        }
    }

    /**
     * {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}, or a plain number of seconds; {@code 0} turns reload off.
     * At most {@link Long#MAX_VALUE} milliseconds: the engine schedules in milliseconds.
     */
    public static Duration duration(String value) {
        String v = value.trim();
        Duration d;
        try {
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            } else if (v.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            } else {
                d = Duration.ofSeconds(Long.parseLong(v));
            }
            d.toMillis();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Messages.format("config.value.notDuration", value));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(Messages.format("config.value.durationTooLong", value, Long.MAX_VALUE));
        }
        return d;
    }

    /**
     * A count the XSD already checked is a whole number from 1 up ({@code maxChainLength},
     * {@code minRsaKeySize}, {@code maxHeaderBytes}, {@code maxConnections}): only its size can still
     * be wrong.
     */
    public static int positiveInt(String value, String attribute, String element) {
        String v = value.trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Messages.format("config.value.tooLarge", attribute, v, element,
                    String.valueOf(Integer.MAX_VALUE)));
        }
    }

    /**
     * A SHA-256 fingerprint in hex, colons (or spaces) optional, any case, as Windows, openssl
     * ({@code -fingerprint -sha256}) and browsers print it.
     */
    public static byte[] sha256Hex(String value) {
        byte[] out = hex(value, "config.value.sha256Fingerprint");
        if (out.length != 32) {
            throw new IllegalArgumentException(Messages.format("config.value.sha256Length", out.length * 2));
        }
        return out;
    }

    /** A SubjectPublicKeyInfo SHA-256: hex as above, or base64 as curl's {@code --pinnedpubkey sha256//...}. */
    public static byte[] spkiSha256(String value) {
        String v = value.trim();
        if (v.startsWith("sha256//")) {
            v = v.substring(8);
        }
        String compact = withoutInvisible(v).replace(":", "").replace(" ", "");
        if (compact.length() == 64 && compact.chars().allMatch(Values::isHex)) {
            return sha256Hex(compact);
        }
        try {
            byte[] out = Base64.getDecoder().decode(v);
            if (out.length == 32) {
                return out;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(Messages.format("config.value.spkiSha256"));
    }

    /** A serial number in hex; colons and spaces allowed, leading zeros ignored. */
    public static BigInteger serial(String value) {
        String v = withoutInvisible(value).trim();
        byte[] bytes = hex(v.length() % 2 == 1 && v.indexOf(':') < 0 && v.indexOf(' ') < 0 ? "0" + v : v,
                "config.value.serialNumber");
        if (bytes.length == 0) {
            throw new IllegalArgumentException(Messages.format("config.value.serialEmpty"));
        }
        return new BigInteger(1, bytes);
    }

    private static final byte[] NIBBLE = new byte[128];

    static {
        java.util.Arrays.fill(NIBBLE, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            NIBBLE[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            NIBBLE[c] = (byte) (c - 'a' + 10);
            NIBBLE[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    /**
     * Hex digits, colons and spaces ignored, in one pass with a table (a big file has a million of
     * these); {@code what}: the catalog key naming the value in messages.
     */
    private static byte[] hex(String value, String what) {
        int len = value.length();
        byte[] buffer = new byte[(len + 1) / 2];
        int n = 0;
        for (int i = 0; i < len; i++) {
            char c = value.charAt(i);
            if (c == ':' || c == ' ' || invisible(c)) {
                continue;
            }
            int d = c < 128 ? NIBBLE[c] : -1;
            if (d < 0) {
                throw new IllegalArgumentException(Messages.format("config.value.notHexDigit", Messages.format(what),
                        String.valueOf(c), n + 1));
            }
            buffer[n >> 1] = (byte) ((buffer[n >> 1] << 4) | d);
            n++;
        }
        if (n % 2 != 0) {
            throw new IllegalArgumentException(Messages.format("config.value.oddHexDigits", Messages.format(what)));
        }
        return n / 2 == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n / 2);
    }

    /**
     * Marks a value pasted from Windows' certificate dialog or a web page carries without showing
     * them: format characters (U+200E LEFT-TO-RIGHT MARK leads every thumbprint the dialog copies,
     * U+200F, the BOM, zero-width spaces) and no-break spaces.
     */
    static boolean invisible(char c) {
        return c == '\u00A0' || c == '\u2007' || c == '\u202F' || Character.getType(c) == Character.FORMAT;
    }

    private static String withoutInvisible(String v) {
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (invisible(c)) {
                if (sb == null) {
                    sb = new StringBuilder(v.length()).append(v, 0, i);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? v : sb.toString();
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** IIS permissionMode: Allow or Deny, any case; returns true for Deny. */
    public static boolean deny(String value) {
        if (value == null) {
            return false;
        }
        switch (AsciiCase.fold(value.trim())) {
            case "allow":
                return false;
            case "deny":
                return true;
            default:
                throw new IllegalArgumentException(Messages.format("config.value.permissionMode", value));
        }
    }
}
