package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.certmap.engine.base.Reason;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log is a contract: one line per refusal with what an operator needs, and never a secret. */
class DecisionLogTest {

    @TempDir
    Path dir;

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previous;

    @BeforeEach
    void capture() {
        previous = DecisionLog.LOG.getLevel();
        DecisionLog.LOG.setLevel(Level.ALL);
        DecisionLog.LOG.addHandler(capture);
    }

    @AfterEach
    void release() {
        DecisionLog.LOG.removeHandler(capture);
        DecisionLog.LOG.setLevel(previous);
    }

    private String all() {
        StringBuilder sb = new StringBuilder();
        synchronized (records) {
            for (LogRecord r : records) {
                sb.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void refusalWhenLoggedThenOneLineWithReasonFingerprintNamesAndNoCertificateData() throws Exception {
        Issued ca = TestPki.rootCa("CN=Log CA");
        Issued eve = TestPki.client(ca, "CN=eve\nINFO: forged line,O=Evil");
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <validation trustStore="ca.pem" trustStorePassword="${env:HOME}"/>
                  <proxy trustedProxies="127.0.0.1" format="pem"/>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <oneToOneMappings><add userName="x" sha256="%s" password="hunter2-secret"/></oneToOneMappings>
                </certificateMapping>
                """.formatted("00".repeat(32)));
        try (CertmapEngine e = CertmapEngine.builder("/log", file).polling(false).start()) {
            records.clear();
            Decision d = e.decide(FakeRequest.tls("/secure/x", eve.chain()), false);
            assertThat(d.reason()).isEqualTo(Reason.NO_MAPPING);
            String forgedHeader = "MIIFORGEDHEADERVALUE" + "A".repeat(40);
            e.decide(FakeRequest.plain("/secure/x").from("127.0.0.1").header("SSL_CLIENT_CERT", forgedHeader), false);
            e.decide(FakeRequest.tls("/secure/x").from("203.0.113.7").header("SSL_CLIENT_CERT", forgedHeader), false);
            e.decide(FakeRequest.tls("/secure/\r\nINFO: forged\u2028line"), false);
        }
        String log = all();
        String certBase64 = Base64.getEncoder().encodeToString(eve.certificate().getEncoded());
        assertThat(log).contains("reason=NO_MAPPING").contains("sha256=" + d(eve)).contains("subject=[CN=eve\\0AINFO: forged line,O=Evil]")
                .contains("issuer=[CN=Log CA]");
        assertThat(log).contains("reason=MALFORMED_HEADER").contains("untrusted peer 203.0.113.7");
        assertThat(log).doesNotContain(certBase64.substring(0, 40)).doesNotContain("MIIFORGED")
                .doesNotContain("hunter2").doesNotContain(System.getenv("HOME") == null ? "\u0000" : "=" + System.getenv("HOME") + " ");
        assertThat(log.lines().filter(l -> l.contains("reason=NO_MAPPING"))).hasSize(1);
        assertThat(log.lines()).noneMatch(l -> l.startsWith("INFO: forged"));
        assertThat(log).contains("refused 403 /secure/\\x0D\\x0AINFO: forged\\u2028line").doesNotContain("\u2028");
    }

    private static String d(Issued c) {
        return new org.certmap.engine.mapping.CertificateFacts(c.certificate()).sha256Hex();
    }
}
