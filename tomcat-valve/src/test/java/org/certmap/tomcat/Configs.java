package org.certmap.tomcat;

import org.certmap.testing.DesignExample;
import org.certmap.testing.TestPki;

/** Mapping files the tests deploy. */
final class Configs {

    private Configs() {
    }

    /** DESIGN.md's mappings: jdoe one-to-one, "no contractors" and "contoso staff" (user {Subject.CN}). */
    static final String MAPPINGS = mappings(DesignExample.edit()
            .certificate(TestPki.base64OneLine(Pki.JDOE.certificate()))
            .removeLine("certificateFile=")
            .removeLine("sha256=")
            .replace("userName=\"staff\" roles=\"staff\"", "userName=\"{Subject.CN}\" roles=\"staff\""));

    private static String mappings(DesignExample.Edit example) {
        return example.element("oneToOneMappings") + example.element("manyToOneMappings");
    }

    /** The decision matrix's locations; {@code attributes} go on the root element. */
    static String app(String attributes) {
        return """
                <certificateMapping reloadInterval="0" %s>
                  <validation trustStore="ca.pem"/>
                  <location path="/public/*" sslFlags="Ssl"/>
                  <location path="/maybe/*" sslFlags="SslNegotiateCert"/>
                  <location path="/secure/*" sslFlags="Ssl, SslRequireCert"/>
                  <location path="/secure/admin/*" sslFlags="Ssl, SslRequireCert" roles="admin"/>
                  <location path="/both/*" sslFlags="SslRequireCert" roles="staff"/>
                %s
                </certificateMapping>
                """.formatted(attributes, MAPPINGS);
    }
}
