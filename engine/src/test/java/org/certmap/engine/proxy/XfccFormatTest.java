package org.certmap.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.proxy.ProxyFixtures.MALLORY;
import static org.certmap.engine.proxy.ProxyFixtures.alice;
import static org.certmap.engine.proxy.ProxyFixtures.intermediate;
import static org.certmap.engine.proxy.ProxyFixtures.nginxEscape;
import static org.certmap.engine.proxy.ProxyFixtures.root;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;

/** Format {@code xfcc}: Envoy's x-forwarded-client-cert. */
class XfccFormatTest {

    private final CertificateHeaderDecoder decoder = CertificateHeaderDecoder.of(HeaderFormat.XFCC, null, null, 16384);

    private List<X509Certificate> decode(String value) throws MalformedHeaderException {
        return decoder.decode(List.of(value), List.of());
    }

    private static String cert(X509Certificate... certs) {
        return nginxEscape(TestPki.pem(certs));
    }

    /** One element as Envoy writes it with SANITIZE_SET and cert, chain, subject, uri, dns. */
    private static String envoyElement(X509Certificate leaf, X509Certificate... chain) {
        StringBuilder sb = new StringBuilder("By=spiffe://cluster.local/ns/default/sa/app;Hash=9ba61d6425303443c0")
                .append(";Cert=\"").append(cert(leaf)).append('"');
        if (chain.length > 0) {
            X509Certificate[] all = new X509Certificate[chain.length + 1];
            all[0] = leaf;
            System.arraycopy(chain, 0, all, 1, chain.length);
            sb.append(";Chain=\"").append(cert(all)).append('"');
        }
        return sb.append(";Subject=\"CN=alice,O=Contoso\";URI=spiffe://cluster.local/client;DNS=a.example;DNS=b.example")
                .toString();
    }

    @Test
    void decodeWhenXfccWithCertThenReturnsLeaf() throws Exception {
        assertThat(decode(envoyElement(alice()))).containsExactly(alice());
    }

    @Test
    void decodeWhenXfccWithChainThenReturnsLeafThenIssuersWithoutRepeatingLeaf() throws Exception {
        assertThat(decode(envoyElement(alice(), intermediate(), root())))
                .containsExactly(alice(), intermediate(), root());
    }

    @Test
    void decodeWhenXfccCertUnquotedThenReturnsLeaf() throws Exception {
        assertThat(decode("Hash=abc;Cert=" + cert(alice()))).containsExactly(alice());
    }

    @Test
    void decodeWhenXfccKeyCaseDiffersThenReadsCert() throws Exception {
        assertThat(decode("hash=abc;cert=\"" + cert(alice()) + "\"")).containsExactly(alice());
    }

    @Test
    void decodeWhenSeveralElementsThenLastWins() throws Exception {
        Issued plus = ProxyFixtures.withPlus();
        String value = envoyElement(MALLORY.certificate()) + "," + envoyElement(alice()) + ", "
                + "By=spiffe://edge;Cert=\"" + cert(plus.certificate()) + "\"";
        assertThat(decode(value)).containsExactly(plus.certificate());
    }

    @Test
    void decodeWhenLastElementHasNoCertThenReturnsEmpty() throws Exception {
        String value = envoyElement(MALLORY.certificate()) + ",By=spiffe://edge;Hash=abc;Subject=\"CN=x\"";
        assertThat(decode(value)).isEmpty();
    }

    @Test
    void decodeWhenCertEmptyThenReturnsEmpty() throws Exception {
        assertThat(decode("By=spiffe://edge;Cert=\"\"")).isEmpty();
    }

    @Test
    void decodeWhenQuotedValuesHoldCommasSemicolonsAndEscapedQuotesThenDoNotSplit() throws Exception {
        String value = "By=spiffe://a;Subject=\"CN=\\\"Smith, J\\\";x,OU=a;b=c\";Cert=\"" + cert(alice())
                + "\";URI=,Subject=\"CN=y, O=z\";Cert=\"" + cert(alice()) + "\";DNS=d";
        assertThat(decode(value)).containsExactly(alice());
    }

    @Test
    void decodeWhenCommaInsideQuotesOfLastElementThenStillOneElement() throws Exception {
        // Were the comma inside the quotes a separator, the last element would have no Cert.
        String value = "Cert=\"" + cert(alice()) + "\";Subject=\"CN=a,Cert=nothing\"";
        assertThat(decode(value)).containsExactly(alice());
    }

    @Test
    void decodeWhenChainDoesNotStartWithLeafThenMalformed() {
        String value = "Cert=\"" + cert(alice()) + "\";Chain=\"" + cert(intermediate(), root()) + "\"";
        assertThatThrownBy(() -> decode(value))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("Chain does not start with the Cert certificate");
    }

    @Test
    void decodeWhenCertHoldsTwoCertificatesThenMalformed() {
        assertThatThrownBy(() -> decode("Cert=\"" + cert(alice(), intermediate()) + "\""))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("Cert holds 2 certificates");
    }

    @Test
    void decodeWhenCertTwiceInElementThenMalformed() {
        assertThatThrownBy(() -> decode("Cert=\"" + cert(alice()) + "\";Cert=\"" + cert(alice()) + "\""))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("Cert appears twice");
    }

    @Test
    void decodeWhenUnterminatedQuoteThenMalformed() {
        assertThatThrownBy(() -> decode("Cert=\"" + cert(alice())))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("no closing quote");
    }

    @Test
    void decodeWhenPairWithoutEqualsThenMalformed() {
        assertThatThrownBy(() -> decode("By;Cert=\"" + cert(alice()) + "\""))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("expected '='");
    }

    @Test
    void decodeWhenTrailingSeparatorThenMalformed() {
        assertThatThrownBy(() -> decode(envoyElement(alice()) + ","))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("ends with a separator");
        assertThatThrownBy(() -> decode("," + envoyElement(alice())))
                .isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void decodeWhenTextAfterClosingQuoteThenMalformed() {
        assertThatThrownBy(() -> decode("Subject=\"CN=a\"x;Cert=\"" + cert(alice()) + "\""))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("unexpected character");
    }

    @Test
    void decodeWhenCertNotUrlEncodedPemThenMalformed() {
        String value = "Cert=\"" + TestPki.base64OneLine(alice()).substring(0, 100) + "\"";
        assertThatThrownBy(() -> decode(value)).isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void decodeWhenCertIsBase64OfGarbageThenMalformed() {
        String value = "Cert=\"" + nginxEscape("-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n")
                + "\"";
        assertThatThrownBy(() -> decode(value))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not an X.509 certificate");
    }

    @Test
    void decodeWhenCertHasLiteralPlusThenPlusStaysPlus() throws Exception {
        Issued plus = ProxyFixtures.withPlus();
        String value = "Cert=\"" + nginxEscape(plus.pem()).replace("%2B", "+") + "\"";
        assertThat(decode(value)).containsExactly(plus.certificate());
    }
}
