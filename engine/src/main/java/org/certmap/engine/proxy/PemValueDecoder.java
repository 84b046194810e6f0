package org.certmap.engine.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * Format {@code pem}: httpd's {@code SSL_CLIENT_CERT} forwarded with mod_headers (newlines become
 * spaces), Tomcat SSLValve style, or bare base64 DER (HAProxy {@code %[ssl_c_der,base64]}).
 * Several blocks in the value are the leaf then its chain. A configured chain header holds more
 * certificates in the same encoding, one or more per occurrence (httpd:
 * {@code RequestHeader add} once per {@code SSL_CLIENT_CERT_CHAIN_n}).
 */
final class PemValueDecoder implements ValueDecoder {

    static final PemValueDecoder INSTANCE = new PemValueDecoder();

    private PemValueDecoder() {
    }

    @Override
    public List<byte[]> decode(String value, List<String> chain, int max) throws MalformedHeaderException {
        List<byte[]> out = new ArrayList<>();
        PemText.decode(value, "value", out, max);
        for (int i = 0; i < chain.size(); i++) {
            PemText.decode(chain.get(i), "chain value " + (i + 1), out, max);
        }
        return out;
    }
}
