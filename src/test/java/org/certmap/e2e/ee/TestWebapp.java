package org.certmap.e2e.ee;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a test web application from files, as a user would lay one out: resource layers from
 * {@code src/test/resources/ee/apps}, JARs in WEB-INF/lib, and classes compiled here from the
 * layers' {@code src} folders against the APIs only. Nothing of the application is on the test
 * JVM's class path: the server loads it with its own web application class loader (for Weld, the
 * first Soteria-on-Tomcat pitfall of VERSIONS.md).
 */
final class TestWebapp {

    /** Where the resources and the copied JARs are (set by src/test/pom.xml; defaults relative to src/test). */
    static final Path RESOURCES = Path.of(System.getProperty("certmap.ee.resources", "resources/ee"));
    static final Path LIB = Path.of(System.getProperty("certmap.ee.lib", "target/ee-lib"));

    private final Path dir;
    private final List<Path> compileClasspath = new ArrayList<>();
    private final List<Path> sources = new ArrayList<>();

    private TestWebapp(Path dir) {
        this.dir = dir;
    }

    static TestWebapp at(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("WEB-INF/lib"));
        return new TestWebapp(dir);
    }

    static Path lib(String jar) {
        Path p = LIB.resolve(jar);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: run the tests with mvn -B verify (its pre-integration-test phase copies it)");
        }
        return p;
    }

    /** Copies the layer {@code apps/name} (except {@code src}) and remembers its sources. */
    TestWebapp layer(String name) throws IOException {
        Path from = RESOURCES.resolve("apps").resolve(name);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(d);
                if (rel.toString().equals("src")) {
                    sources.add(d);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(dir.resolve(rel.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, dir.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
        return this;
    }

    /** Puts a JAR in WEB-INF/lib (and on the compile class path). */
    TestWebapp withLib(Path jar) throws IOException {
        Files.copy(jar, dir.resolve("WEB-INF/lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        compileClasspath.add(jar);
        return this;
    }

    /** An API JAR to compile against that the server provides (not copied). */
    TestWebapp compileAgainst(Path jar) {
        compileClasspath.add(jar);
        return this;
    }

    TestWebapp file(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return this;
    }

    /** Compiles the layers' sources into WEB-INF/classes; returns the exploded application's folder. */
    Path build() throws IOException {
        List<String> files = new ArrayList<>();
        for (Path s : sources) {
            try (Stream<Path> walk = Files.walk(s)) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
            }
        }
        if (!files.isEmpty()) {
            Path classes = Files.createDirectories(dir.resolve("WEB-INF/classes"));
            List<String> cp = new ArrayList<>();
            cp.add(servletApi().toString());
            compileClasspath.forEach(p -> cp.add(p.toString()));
            List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn", "-d", classes.toString(),
                    "-classpath", String.join(java.io.File.pathSeparator, cp)));
            args.addAll(files);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter out = new StringWriter();
            int rc = javac.run(null, null, null, args.toArray(new String[0]));
            if (rc != 0) {
                throw new IllegalStateException("test webapp did not compile: " + out);
            }
        }
        return dir;
    }

    /** Zips the exploded application into a WAR. */
    static Path war(Path exploded, Path war) throws IOException {
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> walk = Files.walk(exploded)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (Files.isRegularFile(p)) {
                    zip.putNextEntry(new ZipEntry(exploded.relativize(p).toString().replace('\\', '/')));
                    Files.copy(p, zip);
                    zip.closeEntry();
                }
            }
        }
        return war;
    }

    /** The servlet API the tests' Tomcat brings (tomcat-embed-core); enough to compile against. */
    private static Path servletApi() {
        try {
            return Path.of(jakarta.servlet.Servlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
