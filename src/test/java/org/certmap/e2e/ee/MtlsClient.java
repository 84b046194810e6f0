package org.certmap.e2e.ee;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.certmap.pki.TlsContexts;
import org.certmap.testing.TestPki.Issued;

/** An HTTPS client presenting one client certificate (or none), with bounded timeouts. */
final class MtlsClient {

    /** One response; status -1 and the exception's text when the TLS handshake or connection failed. */
    record Response(int status, String body, Map<String, List<String>> headers) {

        /** The value of {@code key=} in the WhoAmI servlet's answer. */
        String value(String key) {
            for (String line : body.split("\n")) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1);
                }
            }
            return null;
        }

        String setCookie() {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if ("Set-Cookie".equalsIgnoreCase(e.getKey())) {
                    return String.join("; ", e.getValue());
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final SSLSocketFactory factory;

    private MtlsClient(SSLSocketFactory factory) {
        this.factory = factory;
    }

    /** Presents {@code client}'s key and chain (null: no certificate); trusts {@code serverRoot}, or any server when null. */
    static MtlsClient of(Issued client, X509Certificate serverRoot) {
        KeyManager[] keys = client == null ? null
                : TlsContexts.keyManagers(client.keyStore(EePki.PASSWORD), EePki.PASSWORD);
        TrustManager[] trust = serverRoot != null ? TlsContexts.trustManagers(serverRoot)
                : new TrustManager[] {new TrustAnyServer()};
        return new MtlsClient(TlsContexts.client(keys, trust).getSocketFactory());
    }

    Response get(String url) {
        return get(url, Map.of());
    }

    /** GET with an optional Cookie header; never throws for TLS or HTTP failures. */
    Response get(String url, String cookie) {
        return get(url, cookie == null ? Map.of() : Map.of("Cookie", cookie));
    }

    /** GET with request headers; never throws for TLS or HTTP failures. */
    Response get(String url, Map<String, String> requestHeaders) {
        try {
            HttpsURLConnection c = (HttpsURLConnection) URI.create(url).toURL().openConnection();
            c.setSSLSocketFactory(factory);
            c.setHostnameVerifier((host, session) -> true); // the test servers are on localhost; trust is checked above
            c.setConnectTimeout(10_000);
            c.setReadTimeout(30_000);
            c.setInstanceFollowRedirects(false);
            requestHeaders.forEach(c::setRequestProperty);
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>();
            c.getHeaderFields().forEach((k, v) -> {
                if (k != null) {
                    headers.put(k, v);
                }
            });
            if (in != null) {
                in.close();
            }
            return new Response(status, body, headers);
        } catch (IOException e) {
            return new Response(-1, e.toString(), Map.of());
        }
    }

    /** Payara's own self-signed server certificate: the tests check the client side, not the server's identity. */
    private static final class TrustAnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // any
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

}
