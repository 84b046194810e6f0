package org.certmap.tomcat;

import org.certmap.testing.TestPki;

/** Mapping files the tests deploy. */
final class Configs {

    private Configs() {
    }

    static final String MAPPINGS = """
              <oneToOneMappings>
                <add userName="jdoe" roles="staff admin" certificate="%s"/>
              </oneToOneMappings>
              <manyToOneMappings>
                <add name="no contractors" permissionMode="Deny">
                  <rules><add certificateField="Subject" certificateSubField="OU" matchCriteria="Contractors" compareCaseSensitive="false"/></rules>
                </add>
                <add name="contoso staff" userName="{Subject.CN}" roles="staff">
                  <rules>
                    <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Contoso Issuing CA 1"/>
                    <add certificateField="Subject" certificateSubField="O" matchCriteria="Contoso*"/>
                  </rules>
                </add>
              </manyToOneMappings>
            """.formatted(TestPki.base64OneLine(Pki.JDOE.certificate()));

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
