package org.certmap.jaspic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;

import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;

import org.certmap.engine.CertmapEngine;
import org.certmap.servlet.Fakes;
import org.certmap.servlet.MappedUserPrincipal;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Servlet Container Profile contract, without a server (the servers are in src/test e2e/ee). */
class CertificateMappingServerAuthModuleTest {

    @TempDir
    Path dir;

    Issued ca = TestPki.rootCa("CN=Unit CA");
    Issued jdoe = TestPki.client(ca, "CN=jdoe");
    Issued eve = TestPki.client(ca, "CN=eve");
    CertmapEngine engine;
    CertificateMappingServerAuthModule sam;
    List<Callback> callbacks = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <location path="/loc/*" sslFlags="SslRequireCert"/>
                  <oneToOneMappings><add userName="jdoe" roles="admin" certificate="%s"/></oneToOneMappings>
                </certificateMapping>
                """.formatted(TestPki.base64OneLine(jdoe.certificate())));
        engine = CertmapEngine.builder("/app", file).start();
        sam = new CertificateMappingServerAuthModule(engine);
        sam.initialize(null, null, cbs -> callbacks.addAll(List.of(cbs)), Map.of());
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    record Call(AuthStatus status, Map<String, Object> attributes, Map<String, Object> sent, Map<String, Object> info) {
    }

    Call call(String path, Issued client, boolean mandatory) throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        Map<String, Object> sent = new HashMap<>();
        Map<String, Object> info = new HashMap<>();
        if (mandatory) {
            info.put(CertificateMappingServerAuthModule.IS_MANDATORY, "true");
        }
        var request = Fakes.request(path, client == null ? null : client.chain(), attributes, Fakes.context(dir));
        var response = Fakes.response(sent);
        MessageInfo mi = new MessageInfo() {
            @Override
            public Object getRequestMessage() {
                return request;
            }

            @Override
            public Object getResponseMessage() {
                return response;
            }

            @Override
            public void setRequestMessage(Object request) {
            }

            @Override
            public void setResponseMessage(Object response) {
            }

            @SuppressWarnings("rawtypes")
            @Override
            public Map getMap() {
                return info;
            }
        };
        return new Call(sam.validateRequest(mi, new Subject(), null), attributes, sent, info);
    }

    @Test
    void validateWhenMappedThenSuccessWithCallerAndGroupsInOneCallAndClientCertAuthType() throws Exception {
        Call c = call("/loc/x", jdoe, false);
        assertThat(c.status()).isEqualTo(AuthStatus.SUCCESS);
        assertThat(callbacks).hasSize(2);
        assertThat(((CallerPrincipalCallback) callbacks.get(0)).getPrincipal())
                .isEqualTo(new MappedUserPrincipal("jdoe", java.util.Set.of("admin")));
        assertThat(((GroupPrincipalCallback) callbacks.get(1)).getGroups()).containsExactly("admin");
        assertThat(c.info()).containsEntry("jakarta.servlet.http.authType", "CLIENT_CERT");
        assertThat(c.info()).doesNotContainKey("jakarta.servlet.http.registerSession");
        assertThat(c.attributes()).containsEntry("org.certmap.mapping", "oneToOne");
    }

    @Test
    void validateWhenMappedThenLoginRecordedForTheDispatchFilterAndOtherwiseNot() throws Exception {
        assertThat(call("/loc/x", jdoe, false).attributes().get("org.certmap.internal.login"))
                .isInstanceOfSatisfying(org.certmap.engine.Decision.class, d -> assertThat(d.user()).isEqualTo("jdoe"));
        assertThat(call("/loc/x", eve, false).attributes()).doesNotContainKey("org.certmap.internal.login");
        assertThat(call("/public", jdoe, false).attributes()).as("certmap not consulted: nobody logged in")
                .doesNotContainKey("org.certmap.internal.login");
    }

    @Test
    void validateWhenUnmappedOnCoveredPathThenSendFailure403WithReasonNever401() throws Exception {
        Call c = call("/loc/x", eve, false);
        assertThat(c.status()).isEqualTo(AuthStatus.SEND_FAILURE);
        assertThat(c.sent()).containsEntry("status", 403);
        assertThat((String) c.sent().get("message")).startsWith("NO_MAPPING: ");
        assertThat(c.attributes()).containsEntry("org.certmap.reason", "NO_MAPPING");
    }

    @Test
    void validateWhenMandatoryAndNoCertificateThen403CertificateRequired() throws Exception {
        Call c = call("/anything", null, true);
        assertThat(c.status()).isEqualTo(AuthStatus.SEND_FAILURE);
        assertThat(c.sent()).containsEntry("status", 403);
        assertThat((String) c.sent().get("message")).startsWith("CERTIFICATE_REQUIRED");
    }

    @Test
    void validateWhenNotCoveredThenSuccessWithoutCaller() throws Exception {
        Call c = call("/public", jdoe, false);
        assertThat(c.status()).isEqualTo(AuthStatus.SUCCESS);
        assertThat(callbacks).singleElement().isInstanceOfSatisfying(CallerPrincipalCallback.class,
                cpc -> assertThat(cpc.getPrincipal()).isNull());
        assertThat(c.sent()).isEmpty();
    }
}
