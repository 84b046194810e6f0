package org.certmap.engine.revocation;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;

/**
 * An OCSPResponse (RFC 6960 §4.2.1) read strictly from DER, not yet verified: nothing in it may be
 * believed before {@link OcspVerifier} checked the signature over {@link #tbsResponseData}.
 *
 * <pre>
 * OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
 * ResponseBytes ::= SEQUENCE { responseType OID, response OCTET STRING }
 * BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier,
 *     signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
 * ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
 *     producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse, responseExtensions [1] EXPLICIT Extensions OPTIONAL }
 * ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
 * SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
 *     nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
 * CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
 * RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
 * </pre>
 */
final class OcspResponse {

    static final String BASIC = "1.3.6.1.5.5.7.48.1.1";
    static final String[] STATUS_NAMES = {"successful", "malformedRequest", "internalError", "tryLater",
        "(4, not used)", "sigRequired", "unauthorized"};
    /** More certificates than any responder sends; bounds the parsing work of a hostile response. */
    static final int MAX_CERTS = 10;
    static final int MAX_RESPONSES = 100;

    record Extension(String oid, boolean critical, byte[] value) {
    }

    record Single(String hashOid, byte[] nameHash, byte[] keyHash, BigInteger serial, int certStatus,
            Instant revocationTime, int revocationReason, Instant thisUpdate, Instant nextUpdate,
            List<Extension> extensions) {
    }

    final int status;
    final byte[] tbsResponseData;
    final byte[] responderName;
    final byte[] responderKeyHash;
    final Instant producedAt;
    final List<Single> responses;
    final List<Extension> extensions;
    final String signatureOid;
    final byte[] signatureParameters;
    final byte[] signature;
    final List<X509Certificate> certs;

    private OcspResponse(int status, byte[] tbs, byte[] responderName, byte[] responderKeyHash, Instant producedAt,
            List<Single> responses, List<Extension> extensions, String signatureOid, byte[] signatureParameters,
            byte[] signature, List<X509Certificate> certs) {
        this.status = status;
        this.tbsResponseData = tbs;
        this.responderName = responderName;
        this.responderKeyHash = responderKeyHash;
        this.producedAt = producedAt;
        this.responses = responses;
        this.extensions = extensions;
        this.signatureOid = signatureOid;
        this.signatureParameters = signatureParameters;
        this.signature = signature;
        this.certs = certs;
    }

    static String statusName(int status) {
        return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "unknown status " + status;
    }

    /**
     * Parses an OCSPResponse. A responseStatus other than successful gives an object with only
     * {@link #status} set (RFC 6960 §4.2.1: such responses carry no responseBytes).
     */
    static OcspResponse parse(byte[] der) throws OcspException {
        try {
            return read(der);
        } catch (NameException e) {
            throw new OcspException(OcspFailure.MALFORMED, "not a DER OCSPResponse: " + e.getMessage(), e);
        }
    }

    private static OcspResponse read(byte[] der) throws NameException, OcspException {
        DerReader outer = new DerReader(der);
        DerReader response = outer.read(DerReader.SEQUENCE, "OCSPResponse").contents();
        outer.expectEnd("OCSPResponse");
        DerReader.Element statusElement = response.read(OcspDer.ENUMERATED, "responseStatus");
        if (statusElement.length() != 1) {
            throw new NameException("responseStatus is not one octet");
        }
        int status = statusElement.byteAt(0);
        if (status != 0) {
            return new OcspResponse(status, null, null, null, null, List.of(), List.of(), null, null, null, List.of());
        }
        DerReader bytes = response.read(0xA0, "responseBytes").contents();
        response.expectEnd("OCSPResponse");
        DerReader rb = bytes.read(DerReader.SEQUENCE, "ResponseBytes").contents();
        bytes.expectEnd("responseBytes");
        String type = OcspDer.oidText(rb.read(DerReader.OID, "responseType"));
        if (!type.equals(BASIC)) {
            throw new OcspException(OcspFailure.MALFORMED, "responseType " + type + " is not id-pkix-ocsp-basic");
        }
        DerReader basicOuter = rb.read(DerReader.OCTET_STRING, "response").contents();
        rb.expectEnd("ResponseBytes");
        DerReader basic = basicOuter.read(DerReader.SEQUENCE, "BasicOCSPResponse").contents();
        basicOuter.expectEnd("BasicOCSPResponse");

        DerReader.Element tbsElement = basic.read(DerReader.SEQUENCE, "tbsResponseData");
        DerReader algorithm = basic.read(DerReader.SEQUENCE, "signatureAlgorithm").contents();
        String signatureOid = OcspDer.oidText(algorithm.read(DerReader.OID, "signatureAlgorithm"));
        byte[] parameters = algorithm.hasMore() ? algorithm.read().encoded() : null;
        algorithm.expectEnd("signatureAlgorithm");
        DerReader.Element sigBits = basic.read(OcspDer.BIT_STRING, "signature");
        if (sigBits.length() < 2 || sigBits.byteAt(0) != 0) {
            throw new NameException("signature BIT STRING is empty or has unused bits");
        }
        byte[] sig = sigBits.value();
        byte[] signature = java.util.Arrays.copyOfRange(sig, 1, sig.length);
        List<X509Certificate> certs = basic.hasMore() ? certs(basic.read(0xA0, "certs")) : List.of();
        basic.expectEnd("BasicOCSPResponse");

        DerReader tbs = tbsElement.contents();
        if (tbs.peekTag() == 0xA0) {
            DerReader version = tbs.read().contents();
            DerReader.Element v = version.read(DerReader.INTEGER, "version");
            version.expectEnd("version");
            if (v.length() != 1 || v.byteAt(0) != 0) {
                throw new NameException("ResponseData version is not v1");
            }
        }
        DerReader.Element responderId = tbs.read();
        byte[] byName = null;
        byte[] byKey = null;
        DerReader id = responderId.contents();
        if (responderId.tag() == 0xA1) {
            byName = id.read(DerReader.SEQUENCE, "responderID byName").encoded();
        } else if (responderId.tag() == 0xA2) {
            byKey = id.read(DerReader.OCTET_STRING, "responderID byKey").value();
        } else {
            throw new NameException("responderID: expected [1] byName or [2] byKey, found tag 0x"
                    + DerReader.hex2(responderId.tag()));
        }
        id.expectEnd("responderID");
        Instant producedAt = OcspDer.time(tbs.read(), "producedAt");
        DerReader list = tbs.read(DerReader.SEQUENCE, "responses").contents();
        List<Single> singles = new ArrayList<>();
        while (list.hasMore()) {
            if (singles.size() == MAX_RESPONSES) {
                throw new NameException("more than " + MAX_RESPONSES + " SingleResponses");
            }
            singles.add(single(list.read(DerReader.SEQUENCE, "SingleResponse").contents()));
        }
        List<Extension> extensions = tbs.hasMore() ? extensions(tbs.read(0xA1, "responseExtensions")) : List.of();
        tbs.expectEnd("ResponseData");
        return new OcspResponse(0, tbsElement.encoded(), byName, byKey, producedAt, List.copyOf(singles),
                extensions, signatureOid, parameters, signature, certs);
    }

    private static Single single(DerReader s) throws NameException {
        DerReader certId = s.read(DerReader.SEQUENCE, "certID").contents();
        DerReader algorithm = certId.read(DerReader.SEQUENCE, "hashAlgorithm").contents();
        String hashOid = OcspDer.oidText(algorithm.read(DerReader.OID, "hashAlgorithm"));
        if (algorithm.hasMore()) {
            DerReader.Element p = algorithm.read(OcspDer.NULL, "hashAlgorithm parameters");
            if (p.length() != 0) {
                throw new NameException("hashAlgorithm parameters are not NULL");
            }
        }
        algorithm.expectEnd("hashAlgorithm");
        byte[] nameHash = certId.read(DerReader.OCTET_STRING, "issuerNameHash").value();
        byte[] keyHash = certId.read(DerReader.OCTET_STRING, "issuerKeyHash").value();
        DerReader.Element serialElement = certId.read(DerReader.INTEGER, "serialNumber");
        certId.expectEnd("CertID");
        if (serialElement.length() == 0) {
            throw new NameException("empty serialNumber");
        }
        BigInteger serial = new BigInteger(serialElement.value());
        DerReader.Element status = s.read();
        int certStatus;
        Instant revocationTime = null;
        int reason = -1;
        switch (status.tag()) {
            case 0x80 -> certStatus = 0;
            case 0x82 -> certStatus = 2;
            case 0xA1 -> {
                certStatus = 1;
                DerReader revoked = status.contents();
                revocationTime = OcspDer.time(revoked.read(), "revocationTime");
                if (revoked.hasMore()) {
                    DerReader r = revoked.read(0xA0, "revocationReason").contents();
                    DerReader.Element e = r.read(OcspDer.ENUMERATED, "revocationReason");
                    r.expectEnd("revocationReason");
                    if (e.length() != 1 || e.byteAt(0) < 0) {
                        throw new NameException("revocationReason out of range");
                    }
                    reason = e.byteAt(0);
                }
                revoked.expectEnd("RevokedInfo");
            }
            default -> throw new NameException("certStatus: unexpected tag 0x" + DerReader.hex2(status.tag()));
        }
        if (certStatus != 1 && status.length() != 0) {
            throw new NameException("certStatus good/unknown is not an empty NULL");
        }
        Instant thisUpdate = OcspDer.time(s.read(), "thisUpdate");
        Instant nextUpdate = null;
        List<Extension> extensions = List.of();
        if (s.hasMore() && s.peekTag() == 0xA0) {
            DerReader n = s.read().contents();
            nextUpdate = OcspDer.time(n.read(), "nextUpdate");
            n.expectEnd("nextUpdate");
        }
        if (s.hasMore()) {
            extensions = extensions(s.read(0xA1, "singleExtensions"));
        }
        s.expectEnd("SingleResponse");
        return new Single(hashOid, nameHash, keyHash, serial, certStatus, revocationTime, reason, thisUpdate,
                nextUpdate, extensions);
    }

    /** [n] EXPLICIT Extensions; Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }. */
    private static List<Extension> extensions(DerReader.Element explicit) throws NameException {
        DerReader wrapper = explicit.contents();
        DerReader items = wrapper.read(DerReader.SEQUENCE, "Extensions").contents();
        wrapper.expectEnd("Extensions");
        List<Extension> out = new ArrayList<>();
        while (items.hasMore()) {
            if (out.size() == 32) {
                throw new NameException("more than 32 extensions");
            }
            DerReader e = items.read(DerReader.SEQUENCE, "Extension").contents();
            String oid = OcspDer.oidText(e.read(DerReader.OID, "extnID"));
            boolean critical = false;
            if (e.peekTag() == OcspDer.BOOLEAN) {
                DerReader.Element b = e.read();
                // DER: TRUE is 0xFF, and the DEFAULT FALSE is never encoded
                if (b.length() != 1 || (b.byteAt(0) & 0xFF) != 0xFF) {
                    throw new NameException("extension " + oid + ": critical is not DER TRUE");
                }
                critical = true;
            }
            byte[] value = e.read(DerReader.OCTET_STRING, "extnValue").value();
            e.expectEnd("Extension");
            out.add(new Extension(oid, critical, value));
        }
        return List.copyOf(out);
    }

    private static List<X509Certificate> certs(DerReader.Element explicit) throws NameException, OcspException {
        DerReader wrapper = explicit.contents();
        DerReader items = wrapper.read(DerReader.SEQUENCE, "certs").contents();
        wrapper.expectEnd("certs");
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("X.509 is missing from this JDK", e);
        }
        while (items.hasMore()) {
            if (out.size() == MAX_CERTS) {
                throw new NameException("more than " + MAX_CERTS + " certificates");
            }
            byte[] encoded = items.read(DerReader.SEQUENCE, "Certificate").encoded();
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(encoded)));
            } catch (CertificateException e) {
                throw new OcspException(OcspFailure.MALFORMED, "a certificate in the response does not parse", e);
            }
        }
        return List.copyOf(out);
    }
}
