package org.certmap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

/** Real handshakes over loopback: what the fixed key manager presents, and what the server sees. */
class TlsContextsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final IssuedCertificate SERVER_CA = CertificateBuilder.of(CertificateProfile.CA).subject("CN=Server CA")
            .issue(null);
    private static final IssuedCertificate SERVER = CertificateBuilder.of(CertificateProfile.SERVER).subject("CN=localhost")
            .dns("localhost").ip("127.0.0.1").issue(SERVER_CA);
    private static final IssuedCertificate CLIENT_CA = CertificateBuilder.of(CertificateProfile.CA).subject("CN=Client CA")
            .issue(null);
    /** A CA the server's trust store does not name. */
    private static final IssuedCertificate STRANGER_CA = CertificateBuilder.of(CertificateProfile.CA).subject("CN=Stranger CA")
            .issue(null);

    /** Accepts one connection that wants a client certificate; the certificates the client sent (null for none). */
    private static Certificate[] handshake(SSLContext client) throws Exception {
        SSLContext server = TlsContexts.client(TlsContexts.keyManagers(KeyStores.withKey("server", SERVER, PASSWORD), PASSWORD),
                new TrustManager[] {new NamesClientCaAcceptsAny()});
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            listener.setWantClientAuth(true);
            CompletableFuture<Certificate[]> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                    try {
                        return s.getSession().getPeerCertificates();
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        return null;
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                assertThat(s.getInputStream().read()).isEqualTo(1);
            }
            return seen.get(20, TimeUnit.SECONDS);
        }
    }

    /** Names only the client CA in its CertificateRequest, and accepts any client certificate. */
    private static final class NamesClientCaAcceptsAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // any: the test looks at what was sent
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {CLIENT_CA.certificate()};
        }
    }

    @Test
    void clientWhenFixedKeyManagerThenItsChainIsSentAndEachFullHandshakeUsesTheKeyOnce() throws Exception {
        IssuedCertificate alice = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=alice").issue(CLIENT_CA);
        LongAdder uses = new LongAdder();

        Certificate[] sent = handshake(TlsContexts.client(FixedKeyManager.counting(alice, uses), SERVER_CA.certificate()));

        assertThat(sent).containsExactly(alice.certificate(), CLIENT_CA.certificate());
        assertThat(uses.sum()).isEqualTo(1);
    }

    @Test
    void clientWhenIssuerNotNamedByTheServerThenFixedKeyManagerSendsItAndTheJdksDoesNot() throws Exception {
        IssuedCertificate mallory = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=mallory").issue(STRANGER_CA);
        KeyManager[] jdk = TlsContexts.keyManagers(KeyStores.withKey("key", mallory, PASSWORD), PASSWORD);

        assertThat(handshake(TlsContexts.client(jdk, TlsContexts.trustManagers(SERVER_CA.certificate())))).isNull();
        assertThat(handshake(TlsContexts.client(FixedKeyManager.of(mallory), SERVER_CA.certificate())))
                .containsExactly(mallory.certificate(), STRANGER_CA.certificate());
    }

    @Test
    void clientWhenNoKeyThenNoCertificateAndServerTrusted() throws Exception {
        assertThat(handshake(TlsContexts.client((KeyManager) null, SERVER_CA.certificate()))).isNull();
    }
}
