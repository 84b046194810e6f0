package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x509.GeneralName;
import org.certmap.engine.base.Check;
import org.certmap.engine.base.Reason;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.MappingResult;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision cache holds at most its byte bound, whatever certificates clients send (the
 * hardening issue's release blocker: distinct certificates made large with thousands of SANs
 * filled a 512 MB heap), and keeps no parsed certificate.
 */
class DecisionCacheTest {

    static Issued ca;
    static KeyPair key;

    @BeforeAll
    static void pki() {
        ca = TestPki.rootCa("CN=Cache CA");
        key = TestPki.ecKey();
    }

    /** A distinct client certificate with {@code sans} DNS names (about 24 bytes of DER each). */
    static X509Certificate large(int n, int sans) {
        TestPki.Builder b = TestPki.cert().subject("CN=flood " + n + ",O=Hostile").issuer(ca).keyPair(key);
        for (int i = 0; i < sans; i++) {
            b.san(new GeneralName(GeneralName.dNSName, "host-" + n + "-" + i + ".example.org"));
        }
        return b.build().certificate();
    }

    static CertificateOutcome refused(X509Certificate c) {
        return CertificateOutcome.failed(Reason.NO_MAPPING, null, new CertificateFacts(c).summary(),
                "no mapping matched", Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static CertificateOutcome mapped(X509Certificate c, String user) {
        MappingResult m = new MappingResult(MappingResult.Outcome.MAPPED, user, Set.of("staff"), Decision.ONE_TO_ONE,
                Check.of("mapping", Check.Outcome.MATCHED, "check.mapping.oneToOne", "sha256", 1));
        return CertificateOutcome.mapped(m, new CertificateFacts(c).summary(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Test
    void aFloodOfDistinctLargeCertificatesStaysWithinTheByteBound() throws Exception {
        DecisionCache cache = new DecisionCache(1024 * 1024);
        long offered = 0;
        X509Certificate last = null;
        for (int n = 0; n < 1500; n++) {
            X509Certificate c = large(n, 150);
            offered += c.getEncoded().length;
            cache.put(List.of(c, ca.certificate()), false, refused(c));
            assertThat(cache.chargedBytes()).isLessThanOrEqualTo(cache.maxBytes());
            last = c;
        }
        assertThat(offered).as("the test offers far more than the bound").isGreaterThan(4 * cache.maxBytes());
        assertThat(cache.size()).isLessThan(1500);
        assertThat(cache.get(List.of(last, ca.certificate()), false, 0)).as("the newest entry is kept").isNotNull();
    }

    @Test
    void storedEntriesKeepNoParsedCertificate() throws Exception {
        DecisionCache cache = new DecisionCache(DecisionCache.DEFAULT_MAX_BYTES);
        List<WeakReference<X509Certificate>> refs = new ArrayList<>();
        byte[] der = fill(cache, refs);
        for (int i = 0; i < 50 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(refs).allSatisfy(r -> assertThat(r.get()).as("a cached certificate object").isNull());
        // Still a hit, found by the bytes, for a new object with the same encoding (another connection).
        X509Certificate again = bcParsed(der);
        CertificateOutcome o = cache.get(List.of(again, ca.certificate()), true, 0);
        assertThat(o).isNotNull();
        assertThat(o.authenticated().user()).isEqualTo("jdoe");
        assertThat(o.summary().subject()).isEqualTo("CN=flood 2,O=Hostile");
        assertThat(cache.get(List.of(again, ca.certificate()), false, 0)).as("TLS and forwarded are keyed apart").isNull();
    }

    /** In a method of its own, so that no stack slot of the test keeps the certificates reachable. */
    private static byte[] fill(DecisionCache cache, List<WeakReference<X509Certificate>> refs) throws Exception {
        // Parsed by Bouncy Castle: the JDK's CertificateFactory keeps what it parsed in a soft cache
        // of its own (750 entries), which would hold the objects whatever certmap does.
        X509Certificate refusedCert = bcParsed(large(1, 50).getEncoded());
        X509Certificate mappedCert = bcParsed(large(2, 50).getEncoded());
        cache.put(List.of(refusedCert, ca.certificate()), false, refused(refusedCert));
        cache.put(List.of(mappedCert, ca.certificate()), true, mapped(mappedCert, "jdoe"));
        // The summaries' names are still to be rendered: that must not need the certificates.
        refs.add(new WeakReference<>(refusedCert));
        refs.add(new WeakReference<>(mappedCert));
        return mappedCert.getEncoded();
    }

    private static X509Certificate bcParsed(byte[] der) throws Exception {
        return (X509Certificate) java.security.cert.CertificateFactory
                .getInstance("X.509", new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    @Test
    void refusedCertificatesDoNotEvictUsersWhoMap() {
        DecisionCache cache = new DecisionCache(1024 * 1024);
        X509Certificate user = large(0, 1);
        cache.put(List.of(user), true, mapped(user, "jdoe"));
        for (int n = 1; n < 400; n++) {
            X509Certificate c = large(n, 100);
            cache.put(List.of(c), true, refused(c));
        }
        assertThat(cache.get(List.of(user), true, 0)).isNotNull();
    }

    @Test
    void aCertificateInUseSurvivesTheFloodThatRotatesItsGeneration() {
        DecisionCache cache = new DecisionCache(1024 * 1024);
        X509Certificate user = large(0, 1);
        cache.put(List.of(user), true, mapped(user, "jdoe"));
        for (int n = 1; n < 400; n++) {
            X509Certificate c = large(n, 100);
            cache.put(List.of(c), true, mapped(c, "u" + n));
            assertThat(cache.get(List.of(user), true, 0)).as("after %d others", n).isNotNull();
        }
        assertThat(cache.chargedBytes()).isLessThanOrEqualTo(cache.maxBytes());
    }

    @Test
    void anEntryLargerThanASixteenthOfItsGenerationIsDecidedAgainNotCached() {
        DecisionCache cache = new DecisionCache(256 * 1024);
        X509Certificate huge = large(0, 600);
        cache.put(List.of(huge), true, refused(huge));
        assertThat(cache.get(List.of(huge), true, 0)).isNull();
        assertThat(cache.chargedBytes()).isZero();
    }

    @Test
    void theSystemPropertySetsTheBound() {
        String before = System.getProperty(DecisionCache.MAX_BYTES_PROPERTY);
        try {
            System.setProperty(DecisionCache.MAX_BYTES_PROPERTY, "8MB");
            assertThat(DecisionCache.configured().maxBytes()).isEqualTo(8L * 1024 * 1024);
            System.setProperty(DecisionCache.MAX_BYTES_PROPERTY, "lots");
            assertThat(DecisionCache.configured().maxBytes()).isEqualTo(DecisionCache.DEFAULT_MAX_BYTES);
        } finally {
            if (before == null) {
                System.clearProperty(DecisionCache.MAX_BYTES_PROPERTY);
            } else {
                System.setProperty(DecisionCache.MAX_BYTES_PROPERTY, before);
            }
        }
    }
}
