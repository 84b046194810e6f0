package org.certmap.engine.proxy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;

import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;

/** A small PKI and the encodings each proxy applies to PEM, as the tests need them. */
final class ProxyFixtures {

    static final Issued ROOT = TestPki.rootCa("CN=Proxy Test Root,O=certmap");
    static final Issued INTERMEDIATE = TestPki.intermediateCa(ROOT, "CN=Proxy Test Issuing CA,O=certmap");
    static final Issued ALICE = TestPki.client(INTERMEDIATE, "CN=alice,O=Contoso");
    static final Issued MALLORY = TestPki.client(INTERMEDIATE, "CN=mallory,O=Contoso");

    /** A marker that tests put inside bad values and then look for in messages. */
    static final String MARKER = "SECRET_MARKER_7f3a!";

    private ProxyFixtures() {
    }

    static X509Certificate alice() {
        return ALICE.certificate();
    }

    static X509Certificate intermediate() {
        return INTERMEDIATE.certificate();
    }

    static X509Certificate root() {
        return ROOT.certificate();
    }

    /** A client certificate whose base64 contains '+' (nearly every one does). */
    static Issued withPlus() {
        for (int i = 0; i < 100; i++) {
            Issued c = TestPki.client(INTERMEDIATE, "CN=plus " + i);
            if (TestPki.base64OneLine(c.certificate()).contains("+")) {
                return c;
            }
        }
        throw new IllegalStateException("no certificate with '+' in its base64");
    }

    /** A client certificate whose base64 ends with '=' padding. */
    static Issued withPadding() {
        for (int i = 0; i < 100; i++) {
            Issued c = TestPki.client(INTERMEDIATE, "CN=padded " + i);
            if (TestPki.base64OneLine(c.certificate()).endsWith("=")) {
                return c;
            }
        }
        throw new IllegalStateException("no certificate with base64 padding");
    }

    /** nginx {@code $ssl_client_escaped_cert}: everything but RFC 3986 unreserved characters escaped. */
    static String nginxEscape(String text) {
        return escape(text, "-._~");
    }

    /** AWS ALB: URL-encoded with {@code + = /} left as they are. */
    static String albEscape(String text) {
        return escape(text, "-._~+=/");
    }

    private static String escape(String text, String safe) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            char c = (char) b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || safe.indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    /** httpd mod_headers: the PEM's line breaks become spaces. */
    static String httpdSpaces(String pem) {
        return pem.replace('\n', ' ').strip();
    }

    /** RFC 8941 byte sequence of a certificate's DER. */
    static String sfBinary(X509Certificate c) {
        return ":" + TestPki.base64OneLine(c) + ":";
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
