package org.certmap.engine.proxy;

import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the client certificate that a TLS-terminating proxy forwards in a request header, for a
 * request whose TCP peer is a {@link TrustedProxies trusted proxy}. Immutable and thread-safe: one
 * per {@code <proxy>} element, shared by all requests.
 *
 * <h2>Strip the client's copy at the proxy</h2>
 * A client can send any header it likes, including this one with someone else's certificate
 * (certificates are public). Only the proxy's own value may reach the server, on every request,
 * including requests without a certificate, so the proxy must remove or overwrite the header:
 * <ul>
 * <li>Apache httpd: {@code RequestHeader unset SSL_CLIENT_CERT early} then
 *     {@code RequestHeader set SSL_CLIENT_CERT "%{SSL_CLIENT_CERT}s"} (format {@code pem}).</li>
 * <li>nginx: {@code proxy_set_header ssl-client-cert $ssl_client_escaped_cert;} replaces the
 *     client's copy and drops it when there is no certificate; repeat it in every block that has
 *     its own {@code proxy_set_header}, which otherwise stops inheriting it (format {@code nginx}).</li>
 * <li>Envoy: {@code forward_client_cert_details: SANITIZE_SET} with
 *     {@code set_current_client_cert_details} {@code cert: true} (and {@code chain: true}) on the
 *     listener that faces clients; {@code APPEND_FORWARD} or {@code ALWAYS_FORWARD_ONLY} there would
 *     pass a client's forged element on (format {@code xfcc}).</li>
 * <li>HAProxy: {@code http-request del-header X-SSL-Client-Cert} then
 *     {@code http-request set-header X-SSL-Client-Cert %[ssl_c_der,base64] if { ssl_c_used }}
 *     (format {@code pem}, bare base64; not {@code %{+Q}}, which adds quotes).</li>
 * <li>AWS ALB: with mutual TLS the load balancer itself writes {@code X-Amzn-Mtls-Clientcert}
 *     (passthrough mode: leaf and chain) or {@code X-Amzn-Mtls-Clientcert-Leaf} (verify mode; set
 *     {@code header} to it); prove with a forged header ({@code curl -H}) that your listener
 *     replaces a client's copy, and let only the load balancer reach the target (format {@code alb}).</li>
 * </ul>
 *
 * <h2>Semantics</h2>
 * No header, an empty or blank value, httpd's literal {@code (null)}, or an XFCC element without
 * {@code Cert=} mean no certificate (an empty list). Anything a correctly configured proxy would
 * not send is a {@link MalformedHeaderException} rather than "no certificate", so that a broken
 * proxy setup is seen at once: two or more occurrences of the header (a proxy that appends
 * instead of replacing leaves the client's copy in place), a value longer than
 * {@code maxHeaderBytes}, more than {@value #MAX_CERTIFICATES} certificates, or anything that is
 * not the configured encoding of real X.509 certificates. Sizes are counted in chars, which equal
 * bytes for header values (servlet containers decode header bytes as ISO-8859-1). The chain
 * header may occur several times (its occurrences are read in order); its combined length counts
 * against the same limit.
 *
 * <p>Messages name the header, counts, sizes and offsets, never the value: see
 * {@link MalformedHeaderException}.
 */
public final class CertificateHeaderDecoder {

    /** The most certificates (leaf and chain) one request may forward. */
    static final int MAX_CERTIFICATES = 16;

    private final HeaderFormat format;
    private final String header;
    private final String chainHeader;
    private final int maxHeaderBytes;
    private final ValueDecoder decoder;

    private CertificateHeaderDecoder(HeaderFormat format, String header, String chainHeader, int maxHeaderBytes) {
        this.format = format;
        this.header = header;
        this.chainHeader = chainHeader;
        this.maxHeaderBytes = maxHeaderBytes;
        this.decoder = switch (format) {
            case PEM -> PemValueDecoder.INSTANCE;
            case NGINX, ALB -> EscapedPemValueDecoder.INSTANCE;
            case XFCC -> XfccValueDecoder.INSTANCE;
            case RFC9440 -> Rfc9440ValueDecoder.INSTANCE;
        };
    }

    /**
     * @param format         the proxy's encoding
     * @param header         the header name; {@code null} for {@link HeaderFormat#defaultHeader()}
     * @param chainHeader    the chain header name; {@code null} for
     *                       {@link HeaderFormat#defaultChainHeader()}. For {@code pem},
     *                       {@code nginx} and {@code alb} each occurrence holds more certificates
     *                       in the same encoding; {@code xfcc} carries its chain inside the
     *                       element and refuses one.
     * @param maxHeaderBytes the longest value accepted, in chars (= bytes, see the class doc)
     * @throws IllegalArgumentException for a name that is not an HTTP token, a chain header equal to
     *                                  the header, a chain header with {@code xfcc}, or a
     *                                  non-positive limit
     */
    public static CertificateHeaderDecoder of(HeaderFormat format, String header, String chainHeader,
            int maxHeaderBytes) {
        Objects.requireNonNull(format, "format");
        String h = header != null ? header.strip() : format.defaultHeader();
        String c = chainHeader != null ? chainHeader.strip() : format.defaultChainHeader();
        checkToken("header", h);
        if (c != null) {
            checkToken("chainHeader", c);
            if (format == HeaderFormat.XFCC) {
                throw new IllegalArgumentException("chainHeader is not used with format xfcc: Envoy sends the chain"
                        + " in the Chain= key of x-forwarded-client-cert");
            }
            if (c.equalsIgnoreCase(h)) {
                throw new IllegalArgumentException("chainHeader must differ from header (" + h + ")");
            }
        }
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive, not " + maxHeaderBytes);
        }
        return new CertificateHeaderDecoder(format, h, c, maxHeaderBytes);
    }

    public HeaderFormat format() {
        return format;
    }

    public String header() {
        return header;
    }

    /** The chain header, or {@code null} when this format/configuration has none. */
    public String chainHeader() {
        return chainHeader;
    }

    /**
     * @param values      every occurrence of {@link #header()} on the request, in order
     * @param chainValues every occurrence of {@link #chainHeader()}, in order; empty when none or
     *                    not applicable (ignored when {@link #chainHeader()} is {@code null})
     * @return no certificate (empty), or the leaf followed by any chain certificates
     * @throws MalformedHeaderException duplicated, too large, or not parseable; safe to log
     */
    public List<X509Certificate> decode(List<String> values, List<String> chainValues)
            throws MalformedHeaderException {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(chainValues, "chainValues");
        if (values.isEmpty()) {
            return List.of();
        }
        if (values.size() > 1) {
            throw new MalformedHeaderException("header " + header + ": " + values.size()
                    + " values; a trusted proxy sends exactly one (does it append instead of replace?)");
        }
        String raw = values.get(0);
        if (raw == null) {
            return List.of();
        }
        if (raw.length() > maxHeaderBytes) {
            throw new MalformedHeaderException("header " + header + ": " + raw.length()
                    + " bytes, more than maxHeaderBytes " + maxHeaderBytes);
        }
        String value = trimOws(raw);
        if (isAbsent(value)) {
            return List.of();
        }
        List<byte[]> ders;
        try {
            ders = decoder.decode(value, chain(chainValues), MAX_CERTIFICATES);
        } catch (MalformedHeaderException e) {
            String name = e.getMessage().startsWith("chain") ? chainHeader : header;
            throw new MalformedHeaderException("header " + name + ": " + e.getMessage(), e.getCause());
        }
        List<X509Certificate> out = new ArrayList<>(ders.size());
        for (int i = 0; i < ders.size(); i++) {
            out.add(x509(ders.get(i), i + 1, ders.size()));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "CertificateHeaderDecoder[format=" + format + ", header=" + header
                + (chainHeader != null ? ", chainHeader=" + chainHeader : "") + ", maxHeaderBytes=" + maxHeaderBytes
                + "]";
    }

    private List<String> chain(List<String> chainValues) throws MalformedHeaderException {
        if (chainHeader == null || chainValues.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(chainValues.size());
        long total = 0;
        for (String raw : chainValues) {
            if (raw == null) {
                continue;
            }
            total += raw.length();
            if (total > maxHeaderBytes) {
                throw new MalformedHeaderException("header " + chainHeader + ": " + chainValues.size()
                        + " values, more than maxHeaderBytes " + maxHeaderBytes + " together");
            }
            String v = trimOws(raw);
            if (!isAbsent(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private X509Certificate x509(byte[] der, int index, int count) throws MalformedHeaderException {
        String where = "header " + header + ": certificate " + index + " of " + count;
        if (der.length == 0 || der[0] != 0x30) {
            // The JDK's factory also reads PEM and base64 text; a header must hold DER here, so that
            // base64 of a PEM (double encoding) is refused like any other misconfiguration.
            throw new MalformedHeaderException(where + ": not an X.509 certificate (" + der.length
                    + " bytes, not a DER SEQUENCE)");
        }
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (in.available() != 0) {
                throw new MalformedHeaderException(where + ": " + in.available() + " bytes after the certificate");
            }
            if (!(c instanceof X509Certificate x)) {
                throw new MalformedHeaderException(where + ": not an X.509 certificate");
            }
            return x;
        } catch (CertificateException e) {
            throw new MalformedHeaderException(where + ": not an X.509 certificate (" + der.length + " bytes)", e);
        }
    }

    /** Empty, or httpd's {@code (null)} for "no certificate" ({@code %{SSL_CLIENT_CERT}s} unset). */
    private static boolean isAbsent(String trimmed) {
        return trimmed.isEmpty() || trimmed.equals("(null)");
    }

    /** Trims optional whitespace (RFC 9110 OWS: spaces and tabs). */
    private static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private static void checkToken(String attribute, String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException(attribute + " must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                throw new IllegalArgumentException(attribute + " \"" + name + "\" is not an HTTP header name"
                        + " (character at offset " + i + ")");
            }
        }
    }
}
