package org.certmap.engine.revocation;

/**
 * URLs as they appear in log lines and details: a URL comes from a certificate or a response and
 * may hold control characters, so every character outside printable ASCII is written as
 * {@code \xNN} (or {@code \\uNNNN}) and the text is cut at 300 characters; a URL must never be able
 * to forge a second log line.
 */
final class UrlText {

    static final int MAX = 300;

    private UrlText() {
    }

    static String safe(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length() && sb.length() < MAX; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format(java.util.Locale.ROOT, "\\x%02X", (int) c));
            } else if (c > 0x7E) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX && text.length() > MAX) {
            sb.append("...");
        }
        return sb.toString();
    }

    static String safe(java.net.URI uri) {
        return safe(uri.toString());
    }
}
