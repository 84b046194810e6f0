package org.certmap.engine.proxy;

import java.util.List;

/**
 * One proxy's encoding of the certificate header, turned into DER. One small class per format
 * keeps each encoding's quirks (spaces for newlines, percent-escapes, quoting) apart, so that a
 * leniency needed by one format never loosens another.
 *
 * <p>Messages follow {@link MalformedHeaderException}: offsets and counts, never input. A message
 * about the chain header starts with {@code "chain"}, so that the caller names the right header.
 */
interface ValueDecoder {

    /**
     * @param value  the single occurrence of the certificate header, trimmed, neither blank nor
     *               {@code (null)}
     * @param chain  the occurrences of the chain header, in order, blank ones removed; empty when
     *               there is none
     * @param max    how many certificates may be returned at most; more is malformed
     * @return DER encodings, leaf first; empty when the value says "no certificate"
     */
    List<byte[]> decode(String value, List<String> chain, int max) throws MalformedHeaderException;

    /** Adds {@code der} to {@code out}, refusing more than {@code max} certificates. */
    static void add(List<byte[]> out, byte[] der, int max) throws MalformedHeaderException {
        if (out.size() >= max) {
            throw new MalformedHeaderException("more than " + max + " certificates");
        }
        out.add(der);
    }
}
