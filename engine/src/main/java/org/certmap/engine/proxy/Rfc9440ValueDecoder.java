package org.certmap.engine.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * Format {@code rfc9440}: {@code Client-Cert: :<base64 DER>:} (an RFC 8941 Byte Sequence Item)
 * and {@code Client-Cert-Chain: :<b64>:, :<b64>:} (a List of Byte Sequences, issuer of the leaf
 * first). RFC 9440 section 2 says the chain header may be split over several field lines; they are
 * joined with commas in order, as HTTP combines list fields. The chain is only read together with a
 * leaf: without {@code Client-Cert} there is no certificate, whatever the chain says.
 */
final class Rfc9440ValueDecoder implements ValueDecoder {

    static final Rfc9440ValueDecoder INSTANCE = new Rfc9440ValueDecoder();

    private Rfc9440ValueDecoder() {
    }

    @Override
    public List<byte[]> decode(String value, List<String> chain, int max) throws MalformedHeaderException {
        List<byte[]> out = new ArrayList<>();
        ValueDecoder.add(out, StructuredFieldParser.byteSequenceItem(value, "value"), max);
        if (!chain.isEmpty()) {
            String joined = String.join(", ", chain);
            for (byte[] der : StructuredFieldParser.byteSequenceList(joined, "chain", max)) {
                ValueDecoder.add(out, der, max);
            }
        }
        return out;
    }
}
