package org.certmap.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeaderFormatTest {

    @Test
    void defaultHeaderWhenEachFormatThenMatchesProxyDocumentation() {
        assertThat(HeaderFormat.PEM.defaultHeader()).isEqualTo("SSL_CLIENT_CERT");
        assertThat(HeaderFormat.NGINX.defaultHeader()).isEqualTo("ssl-client-cert");
        assertThat(HeaderFormat.XFCC.defaultHeader()).isEqualTo("x-forwarded-client-cert");
        assertThat(HeaderFormat.RFC9440.defaultHeader()).isEqualTo("Client-Cert");
        assertThat(HeaderFormat.ALB.defaultHeader()).isEqualTo("X-Amzn-Mtls-Clientcert");
    }

    @Test
    void defaultChainHeaderWhenRfc9440ThenClientCertChainElseNull() {
        assertThat(HeaderFormat.RFC9440.defaultChainHeader()).isEqualTo("Client-Cert-Chain");
        assertThat(HeaderFormat.PEM.defaultChainHeader()).isNull();
        assertThat(HeaderFormat.NGINX.defaultChainHeader()).isNull();
        assertThat(HeaderFormat.XFCC.defaultChainHeader()).isNull();
        assertThat(HeaderFormat.ALB.defaultChainHeader()).isNull();
    }

    @Test
    void parseWhenAnyAsciiCaseThenReturnsFormat() {
        assertThat(HeaderFormat.parse("pem")).isEqualTo(HeaderFormat.PEM);
        assertThat(HeaderFormat.parse("NGINX")).isEqualTo(HeaderFormat.NGINX);
        assertThat(HeaderFormat.parse(" Xfcc ")).isEqualTo(HeaderFormat.XFCC);
        assertThat(HeaderFormat.parse("RFC9440")).isEqualTo(HeaderFormat.RFC9440);
        assertThat(HeaderFormat.parse("Alb")).isEqualTo(HeaderFormat.ALB);
    }

    @Test
    void parseWhenUnknownThenListsAllowedValues() {
        assertThatThrownBy(() -> HeaderFormat.parse("haproxy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("haproxy")
                .hasMessageContaining("pem, nginx, xfcc, rfc9440, alb");
    }

    @Test
    void parseWhenUnicodeLookalikeThenRefuses() {
        // String.equalsIgnoreCase would accept the dotless i (U+0131) as 'i'.
        assertThatThrownBy(() -> HeaderFormat.parse("ng\u0131nx")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseWhenNullOrEmptyThenRefuses() {
        assertThatThrownBy(() -> HeaderFormat.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderFormat.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringWhenFormatThenConfigSpelling() {
        assertThat(HeaderFormat.RFC9440).hasToString("rfc9440");
    }
}
