package org.certmap.jaspic;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.RegistrationListener;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import org.assertj.core.api.Assertions;
import org.certmap.engine.CertmapEngine;
import org.certmap.security.CertificateMappingMechanismDefinition;
import org.certmap.servlet.ApplicationEngine;
import org.certmap.servlet.DispatchFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the initializer registers in the application, for either front door (no server). */
class CertificateMappingInitializerTest {

    @TempDir
    Path dir;

    /** One filter registration as the application would see it. */
    record Registered(String name, Filter filter, List<Object[]> urlMappings, List<Boolean> asyncSupported) {
    }

    final Map<String, Registered> filters = new HashMap<>();
    final Map<String, Object> attributes = new HashMap<>();
    final List<String> declaredRoles = new ArrayList<>();
    final List<String> addedServlets = new ArrayList<>();
    final List<String> servletMappings = new ArrayList<>();
    final List<jakarta.servlet.ServletSecurityElement> servletSecurity = new ArrayList<>();
    String serverInfo = "Payara Server  6.2025.10 #badassfish";
    boolean filterNameTaken;

    @BeforeEach
    void mappingFile() throws Exception {
        Files.createDirectories(dir.resolve("WEB-INF"));
        Files.writeString(dir.resolve("WEB-INF/certmap.xml"), """
                <certificateMapping reloadInterval="0">
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <location path="/secure/admin/*" sslFlags="SslRequireCert" roles="admin"/>
                  <oneToOneMappings><add userName="build-bot" roles="deployer, staff" sha256="%s"/></oneToOneMappings>
                  <manyToOneMappings>
                    <add name="auditors" userName="audit" roles="auditor">
                      <rules><add certificateField="Issuer" certificateSubField="CN" matchCriteria="Audit CA"/></rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted("ab".repeat(32)));
    }

    @AfterEach
    void closeEngine() {
        if (attributes.get(ApplicationEngine.ATTRIBUTE) instanceof CertmapEngine e) {
            e.close();
        }
        AuthConfigFactory.setFactory(null);
    }

    ServletContext context() {
        return (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServletContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getContextPath" -> "/app";
                    case "getRealPath" -> dir.resolve(((String) a[0]).substring(1)).toString();
                    case "getResource" -> dir.resolve(((String) a[0]).substring(1)).toUri().toURL();
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    case "declareRoles" -> declaredRoles.addAll(List.of((String[]) a[0]));
                    case "getServerInfo" -> serverInfo;
                    case "addServlet" -> {
                        addedServlets.add((String) a[0]);
                        yield servletRegistration();
                    }
                    case "addFilter" -> filterNameTaken && DispatchFilter.NAME.equals(a[0]) ? null
                            : registration((String) a[0], (Filter) a[1]);
                    default -> null;
                });
    }

    jakarta.servlet.ServletRegistration.Dynamic servletRegistration() {
        return (jakarta.servlet.ServletRegistration.Dynamic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {jakarta.servlet.ServletRegistration.Dynamic.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "addMapping" -> servletMappings.addAll(List.of((String[]) a[0]));
                        case "setServletSecurity" -> servletSecurity.add((jakarta.servlet.ServletSecurityElement) a[0]);
                        default -> {
                        }
                    }
                    return m.getName().equals("addMapping") || m.getName().equals("setServletSecurity") ? Set.of() : null;
                });
    }

    FilterRegistration.Dynamic registration(String name, Filter filter) {
        Registered r = new Registered(name, filter, new ArrayList<>(), new ArrayList<>());
        filters.put(name, r);
        return (FilterRegistration.Dynamic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FilterRegistration.Dynamic.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "addMappingForUrlPatterns" -> r.urlMappings().add(a);
                        case "setAsyncSupported" -> r.asyncSupported().add((Boolean) a[0]);
                        default -> {
                        }
                    }
                    return null;
                });
    }

    @CertificateMappingMechanismDefinition
    static final class Definition {
    }

    private void assertDispatchFilterRegistered() {
        Registered r = filters.get(DispatchFilter.NAME);
        assertThat(r).isNotNull();
        assertThat(r.filter()).isInstanceOf(DispatchFilter.class);
        assertThat(r.asyncSupported()).containsExactly(true);
        assertThat(r.urlMappings()).singleElement().satisfies(args -> {
            assertThat(args[0]).isEqualTo(EnumSet.of(DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ASYNC));
            assertThat(args[1]).as("before the filters of web.xml").isEqualTo(false);
            assertThat((String[]) args[2]).containsExactly("/*");
        });
    }

    @Test
    void onStartupWhenMechanismDefinedThenDispatchFilterForForwardIncludeAsync() throws Exception {
        new CertificateMappingInitializer().onStartup(Set.of(Definition.class), context());
        assertDispatchFilterRegistered();
        assertThat(filters.get(org.certmap.security.MechanismGuardFilter.class.getName()).asyncSupported())
                .as("else an application's startAsync() fails where unset means false (Payara)").containsExactly(true);
    }

    @Test
    void onStartupWhenServerAuthModuleRegisteredThenDispatchFilterForForwardIncludeAsync() throws Exception {
        List<ServerAuthModule> registered = new ArrayList<>();
        AuthConfigFactory.setFactory(new RecordingFactory(registered));
        new CertificateMappingInitializer().onStartup(Set.of(), context());
        assertThat(registered).singleElement().isInstanceOf(CertificateMappingServerAuthModule.class);
        assertDispatchFilterRegistered();
    }

    @Test
    void onStartupWhenMechanismDefinedThenMappingFileRolesDeclared() throws Exception {
        new CertificateMappingInitializer().onStartup(Set.of(Definition.class), context());
        assertThat(declaredRoles).containsExactlyInAnyOrder("admin", "deployer", "staff", "auditor");
    }

    @Test
    void onStartupWhenServerAuthModuleRegisteredThenMappingFileRolesDeclared() throws Exception {
        AuthConfigFactory.setFactory(new RecordingFactory(new ArrayList<>()));
        new CertificateMappingInitializer().onStartup(Set.of(), context());
        assertThat(declaredRoles).containsExactlyInAnyOrder("admin", "deployer", "staff", "auditor");
    }

    /**
     * GlassFish 7 reads declared roles into its policy only after a programmatic servlet
     * registration, Liberty only from constraints: a constraint on a servlet that serves nothing names them.
     */
    @Test
    void onStartupWhenJakartaAuthorizationServerThenRolesAlsoNamedByAConstraint() throws Exception {
        serverInfo = "Eclipse GlassFish  7.0.21";
        new CertificateMappingInitializer().onStartup(Set.of(Definition.class), context());
        assertThat(addedServlets).containsExactly("certmapDeclaredRoles");
        assertThat(servletMappings).containsExactly("/certmap-declared-roles");
        assertThat(servletSecurity).singleElement().satisfies(e ->
                assertThat(e.getRolesAllowed()).containsExactlyInAnyOrder("admin", "deployer", "staff", "auditor"));
    }

    @Test
    void onStartupWhenTomcatThenNoRolesServlet() throws Exception {
        serverInfo = "Apache Tomcat/10.1.59";
        AuthConfigFactory.setFactory(new RecordingFactory(new ArrayList<>()));
        new CertificateMappingInitializer().onStartup(Set.of(), context());
        assertThat(declaredRoles).containsExactlyInAnyOrder("admin", "deployer", "staff", "auditor");
        assertThat(addedServlets).isEmpty();
    }

    @Test
    void onStartupWhenFilterNameTakenThenApplicationDoesNotStart() {
        filterNameTaken = true;
        Assertions.assertThatThrownBy(() -> new CertificateMappingInitializer().onStartup(Set.of(Definition.class), context()))
                .isInstanceOf(ServletException.class).hasMessageContaining(DispatchFilter.NAME);
    }

    /** A Jakarta Authentication factory that only records registrations. */
    static final class RecordingFactory extends AuthConfigFactory {
        private final List<ServerAuthModule> registered;

        RecordingFactory(List<ServerAuthModule> registered) {
            this.registered = registered;
        }

        @Override
        public String registerServerAuthModule(ServerAuthModule module, Object context) {
            registered.add(module);
            return "test-id";
        }

        @Override
        public void removeServerAuthModule(Object context) {
        }

        @Override
        public AuthConfigProvider getConfigProvider(String layer, String appContext, RegistrationListener listener) {
            return null;
        }

        @Override
        public String registerConfigProvider(String className, Map<String, String> properties, String layer,
                String appContext, String description) {
            return null;
        }

        @Override
        public String registerConfigProvider(AuthConfigProvider provider, String layer, String appContext,
                String description) {
            return null;
        }

        @Override
        public boolean removeRegistration(String registrationID) {
            return false;
        }

        @Override
        public String[] detachListener(RegistrationListener listener, String layer, String appContext) {
            return new String[0];
        }

        @Override
        public String[] getRegistrationIDs(AuthConfigProvider provider) {
            return new String[0];
        }

        @Override
        public RegistrationContext getRegistrationContext(String registrationID) {
            return null;
        }

        @Override
        public void refresh() {
        }
    }
}
