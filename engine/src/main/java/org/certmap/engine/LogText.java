package org.certmap.engine;

/**
 * Makes request-supplied text safe for one log line. A path may carry {@code %0D%0A} that the
 * container decodes, and a {@code {Subject.CN}} user name is whatever the certificate says:
 * control and line-separator characters become {@code \xHH} / {@code \\uHHHH}, so no request can
 * forge or split a log line; so do format characters (bidi overrides and isolates, zero-width
 * characters, the BOM), which reorder or hide what a log viewer shows ("Trojan Source").
 */
final class LogText {

    private LogText() {
    }

    static String escape(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || c == '\\' || (c >= 0xa0 && Character.getType(c) == Character.FORMAT);
            if (unsafe && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (!unsafe) {
                    sb.append(c);
                } else if (c == '\\') {
                    sb.append("\\\\");
                } else if (c < 0x100) {
                    sb.append(String.format("\\x%02X", (int) c));
                } else {
                    sb.append(String.format("\\u%04X", (int) c));
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
