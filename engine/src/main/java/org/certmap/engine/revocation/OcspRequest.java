package org.certmap.engine.revocation;

/**
 * The DER of an OCSPRequest (RFC 6960 §4.1.1) for one certificate: unsigned (no optionalSignature:
 * responders do not need one, RFC 6960 §4.1.2), version v1 by default and so absent, one Request
 * with the CertID, and, only when asked for, a nonce (RFC 8954) in requestExtensions.
 */
final class OcspRequest {

    static final String NONCE_OID = "1.3.6.1.5.5.7.48.1.2";

    private OcspRequest() {
    }

    /**
     * OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest }; TBSRequest ::= SEQUENCE { requestList
     * SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }; Request ::=
     * SEQUENCE { reqCert CertID }.
     *
     * @param nonce null for none, else the nonce's octets (1 to 32, RFC 8954 §2.1)
     */
    static byte[] encode(OcspCertId id, byte[] nonce) {
        byte[] request = OcspDer.tlv(0x30, id.encoded());
        byte[] requestList = OcspDer.tlv(0x30, request);
        byte[] tbs = nonce == null ? OcspDer.tlv(0x30, requestList)
                : OcspDer.tlv(0x30, requestList, OcspDer.tlv(0xA2, OcspDer.tlv(0x30, nonceExtension(nonce))));
        return OcspDer.tlv(0x30, tbs);
    }

    /** Extension ::= SEQUENCE { extnID, extnValue OCTET STRING } whose value is Nonce ::= OCTET STRING. */
    static byte[] nonceExtension(byte[] nonce) {
        return OcspDer.tlv(0x30, OcspDer.oid(NONCE_OID), OcspDer.tlv(0x04, nonceValue(nonce)));
    }

    /** The extnValue's contents: the DER of the nonce OCTET STRING, as a response echoes it. */
    static byte[] nonceValue(byte[] nonce) {
        return OcspDer.tlv(0x04, nonce);
    }
}
