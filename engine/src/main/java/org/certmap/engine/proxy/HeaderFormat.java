package org.certmap.engine.proxy;

/**
 * How a TLS-terminating proxy writes the client certificate into a request header: the
 * {@code format} attribute of {@code <proxy>}.
 *
 * <p>Each proxy has its own encoding, and guessing between them would let one format be read as
 * another, so the administrator names the proxy and certmap reads exactly that encoding. The
 * default header names are what each proxy's documentation uses, so that a default setup needs no
 * {@code header} attribute.
 */
public enum HeaderFormat {
    /** Apache httpd {@code SSL_CLIENT_CERT} via mod_headers, Tomcat SSLValve style; also HAProxy's base64 DER. */
    PEM("pem", "SSL_CLIENT_CERT", null),
    /** nginx {@code $ssl_client_escaped_cert}: percent-encoded PEM. */
    NGINX("nginx", "ssl-client-cert", null),
    /** Envoy {@code x-forwarded-client-cert}. */
    XFCC("xfcc", "x-forwarded-client-cert", null),
    /** RFC 9440 {@code Client-Cert} and {@code Client-Cert-Chain} (Structured Field byte sequences). */
    RFC9440("rfc9440", "Client-Cert", "Client-Cert-Chain"),
    /** AWS Application Load Balancer mutual TLS: URL-encoded PEM with {@code + = /} left as they are. */
    ALB("alb", "X-Amzn-Mtls-Clientcert", null);

    private final String configName;
    private final String defaultHeader;
    private final String defaultChainHeader;

    HeaderFormat(String configName, String defaultHeader, String defaultChainHeader) {
        this.configName = configName;
        this.defaultHeader = defaultHeader;
        this.defaultChainHeader = defaultChainHeader;
    }

    /** The header the proxy writes by default (names compare without case, as in HTTP). */
    public String defaultHeader() {
        return defaultHeader;
    }

    /** The header carrying the chain by default; {@code null} except for {@link #RFC9440}. */
    public String defaultChainHeader() {
        return defaultChainHeader;
    }

    /** The spelling used in the mapping file ({@code pem}, {@code nginx}, ...). */
    @Override
    public String toString() {
        return configName;
    }

    /**
     * Reads the {@code format} attribute. Case is ignored for ASCII letters only (so that no locale
     * or Unicode folding can turn an odd spelling into a valid one); surrounding spaces are trimmed.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static HeaderFormat parse(String value) {
        String v = value == null ? "" : value.strip();
        for (HeaderFormat f : values()) {
            if (asciiEqualsIgnoreCase(f.configName, v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown proxy format \"" + v
                + "\"; allowed: pem, nginx, xfcc, rfc9440, alb");
    }

    private static boolean asciiEqualsIgnoreCase(String lower, String candidate) {
        if (lower.length() != candidate.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = candidate.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
