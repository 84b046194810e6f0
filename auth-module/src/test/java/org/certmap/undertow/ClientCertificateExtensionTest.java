package org.certmap.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.undertow.server.HttpHandler;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.handlers.security.SSLInformationAssociationHandler;

import org.junit.jupiter.api.Test;

/** The Undertow extension: named by Undertow's service file, adds the association before security, self-contained. */
class ClientCertificateExtensionTest {

    @Test
    void serviceFileWhenReadThenNamesTheExtension() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + ServletExtension.class.getName())) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(ClientCertificateExtension.class.getName());
        }
        assertThat(ServletExtension.class).isAssignableFrom(ClientCertificateExtension.class);
    }

    @Test
    void handleDeploymentWhenCalledThenOuterHandlerAssociatesTheCertificateBeforeSecurity() {
        DeploymentInfo info = new DeploymentInfo();
        new ClientCertificateExtension().handleDeployment(info, null);
        assertThat(info.getOuterHandlerChainWrappers()).hasSize(1);
        HttpHandler next = exchange -> {
        };
        assertThat(info.getOuterHandlerChainWrappers().get(0).wrap(next)).isInstanceOf(SSLInformationAssociationHandler.class);
        assertThat(info.getSecurityWrappers()).isEmpty();
        assertThat(info.getInnerHandlerChainWrappers()).isEmpty();
    }

    /**
     * Other servers must never load the class: no other certmap class names it, and it names no
     * other certmap class (so loading it can never drag Undertow's API into another server).
     */
    @Test
    void classesWhenScannedThenExtensionIsSelfContained() throws IOException, URISyntaxException {
        Path classes = Path.of(ClientCertificateExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> all;
        try (Stream<Path> walk = Files.walk(classes)) {
            all = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(all).hasSizeGreaterThan(10);
        for (Path p : all) {
            String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            boolean undertowPackage = classes.relativize(p).toString().replace('\\', '/').startsWith("org/certmap/undertow/");
            if (undertowPackage) {
                assertThat(text.replace("org/certmap/undertow/", "")).as(p.toString()).doesNotContain("org/certmap/");
            } else {
                assertThat(text).as(p.toString()).doesNotContain("org/certmap/undertow").doesNotContain("io/undertow");
            }
        }
    }
}
