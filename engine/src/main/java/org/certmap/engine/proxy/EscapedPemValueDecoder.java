package org.certmap.engine.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats {@code nginx} and {@code alb}: PEM, percent-encoded. nginx's
 * {@code $ssl_client_escaped_cert} escapes everything but unreserved characters; AWS ALB escapes
 * but leaves {@code + = /} as they are. Both decode the same way: percent-escapes only, a
 * {@code +} is a plus (base64), never a space. The value may hold the leaf followed by its chain
 * (ALB passthrough mode sends the whole chain); a configured chain header is read the same way.
 */
final class EscapedPemValueDecoder implements ValueDecoder {

    static final EscapedPemValueDecoder INSTANCE = new EscapedPemValueDecoder();

    private EscapedPemValueDecoder() {
    }

    @Override
    public List<byte[]> decode(String value, List<String> chain, int max) throws MalformedHeaderException {
        List<byte[]> out = new ArrayList<>();
        PemText.decode(PercentDecoding.decode(value, "value"), "value (percent-decoded)", out, max);
        for (int i = 0; i < chain.size(); i++) {
            String what = "chain value " + (i + 1);
            PemText.decode(PercentDecoding.decode(chain.get(i), what), what + " (percent-decoded)", out, max);
        }
        return out;
    }
}
