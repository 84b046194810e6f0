package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.ShowReason;
import org.certmap.testing.FakeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code showReason}: true, false, or (the default) local: IIS's DetailedLocalOnly. */
class ShowReasonTest {

    @TempDir
    Path dir;

    private CertmapEngine engine(String attribute) throws Exception {
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, "<certificateMapping reloadInterval=\"0\" " + attribute + ">"
                + "<validation/><proxy trustedProxies=\"127.0.0.2 10.0.0.5\" format=\"pem\"/>"
                + "<location path=\"/secure/*\" sslFlags=\"SslRequireCert\"/></certificateMapping>");
        return CertmapEngine.builder("/show", file).polling(false).start();
    }

    @Test
    void defaultIsLocalShowingTheReasonOnlyToADirectLoopbackClient() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.configuration().showReason()).isEqualTo(ShowReason.LOCAL);
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("127.0.0.1"))).as("127.0.0.1, direct").isTrue();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x"))).as("192.0.2.10").isFalse();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("::1"))).isTrue();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("127.3.4.5"))).isTrue();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("203.0.113.7"))).as("remote").isFalse();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("10.0.0.5"))).as("a trusted proxy").isFalse();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("127.0.0.2")))
                    .as("a trusted proxy on loopback").isFalse();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("127.0.0.1").header("X-Forwarded-For", "203.0.113.7")))
                    .as("an untrusted local proxy that forwards").isFalse();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("127.0.0.1").header("Forwarded", "for=203.0.113.7"))).isFalse();
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("127.0.0.1").header("X-Real-IP", "203.0.113.7"))).isFalse();
        }
    }

    @Test
    void trueAndFalseAreEveryoneAndNoOne() throws Exception {
        try (CertmapEngine e = engine("showReason=\"true\"")) {
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("203.0.113.7"))).isTrue();
        }
        try (CertmapEngine e = engine("showReason=\"false\"")) {
            assertThat(e.showsReason(FakeRequest.tls("/secure/x").from("127.0.0.1"))).isFalse();
        }
    }

    @Test
    void anotherValueIsALoadError() {
        assertThatThrownBy(() -> engine("showReason=\"yes\"")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("showReason");
    }
}
