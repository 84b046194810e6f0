package org.certmap.testing;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.certmap.engine.CertmapRequest;

/** A request as a front door would describe it: pure data, for testing the engine's decisions. */
public record FakeRequest(String path, boolean secure, String peerAddress, List<X509Certificate> tlsCertificates,
        Map<String, List<String>> headerMap) implements CertmapRequest {

    public static FakeRequest tls(String path, X509Certificate... chain) {
        return new FakeRequest(path, true, "192.0.2.10", List.of(chain), Map.of());
    }

    public static FakeRequest plain(String path) {
        return new FakeRequest(path, false, "192.0.2.10", List.of(), Map.of());
    }

    public FakeRequest from(String peer) {
        return new FakeRequest(path, secure, peer, tlsCertificates, headerMap);
    }

    public FakeRequest insecure() {
        return new FakeRequest(path, false, peerAddress, tlsCertificates, headerMap);
    }

    public FakeRequest header(String name, String... values) {
        Map<String, List<String>> m = new HashMap<>(headerMap);
        m.put(name.toLowerCase(java.util.Locale.ROOT), List.of(values));
        return new FakeRequest(path, secure, peerAddress, tlsCertificates, m);
    }

    @Override
    public List<String> headers(String name) {
        return headerMap.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }
}
