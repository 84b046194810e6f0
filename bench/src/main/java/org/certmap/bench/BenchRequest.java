package org.certmap.bench;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.CertmapRequest;

/** A request as a front door describes it: an HTTPS request from a TCP peer with a TLS client certificate. */
public record BenchRequest(String path, boolean secure, String peerAddress, List<X509Certificate> tlsCertificates)
        implements CertmapRequest {

    public static BenchRequest tls(String path, X509Certificate leaf) {
        return new BenchRequest(path, true, "192.0.2.10", List.of(leaf));
    }

    @Override
    public List<String> headers(String name) {
        return List.of();
    }
}
