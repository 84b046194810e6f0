package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The engine's API for front doors (issue 13.5): the valve and the auth module use the facade
 * ({@code org.certmap.engine}) and the few configuration types a front door must name; they never
 * reach into mapping, validation, revocation, proxy or x509, so those can change without touching a
 * front door. The CLI, a tool of the engine's own, may read further (it prints what the engine
 * loaded). Reads the front doors' sources beside this module.
 *
 * <p>Inside the engine the layers run one way too: {@code org.certmap.engine.base} (the shared
 * vocabulary: {@code Reason}, {@code Check}, {@code Findings}, the message catalog) depends on no
 * other certmap package, and the step packages (config, mapping, validation, revocation, directory,
 * location, proxy, x509, match) never name the facade, so the facade can be rearranged without
 * touching a step.
 */
class ModuleBoundaryTest {

    private static final Set<String> FRONT_DOOR_API = Set.of(
            "org.certmap.engine",
            "org.certmap.engine.base",
            "org.certmap.engine.config.PropertyExpander",
            "org.certmap.engine.config.MappingConfig",
            "org.certmap.engine.location.Location");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(org\\.certmap\\.engine[\\w.]*);", Pattern.MULTILINE);

    @Test
    void frontDoorsUseOnlyTheEnginesFacade() throws IOException {
        List<String> outside = new ArrayList<>();
        int files = 0;
        for (String module : List.of("tomcat-valve", "auth-module")) {
            Path sources = Path.of("..", module, "src", "main", "java");
            assertThat(sources).as(module + " sources beside the engine").isDirectory();
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                    files++;
                    Matcher m = IMPORT.matcher(Files.readString(p, StandardCharsets.UTF_8));
                    while (m.find()) {
                        String type = m.group(1);
                        String pkg = type.substring(0, type.lastIndexOf('.'));
                        if (!FRONT_DOOR_API.contains(pkg) && !FRONT_DOOR_API.contains(type)) {
                            outside.add(module + ": " + p.getFileName() + " imports " + type);
                        }
                    }
                }
            }
        }
        assertThat(files).isGreaterThan(10);
        assertThat(outside).as("front doors reaching into the engine's internals").isEmpty();
    }

    @Test
    void enginePackagesDependDownwardOnly() throws IOException {
        Path engine = Path.of("src", "main", "java", "org", "certmap", "engine");
        List<String> upward = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(engine)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = engine.relativize(p);
                if (relative.getNameCount() == 1) {
                    continue; // the facade may use every layer
                }
                files++;
                String layer = relative.getName(0).toString();
                Matcher m = IMPORT.matcher(Files.readString(p, StandardCharsets.UTF_8));
                while (m.find()) {
                    String type = m.group(1);
                    String pkg = type.substring(0, type.lastIndexOf('.'));
                    boolean facade = pkg.equals("org.certmap.engine");
                    boolean aboveBase = layer.equals("base") && !pkg.equals("org.certmap.engine.base");
                    if (facade || aboveBase) {
                        upward.add(layer + "/" + relative.getFileName() + " imports " + type);
                    }
                }
            }
        }
        assertThat(files).isGreaterThan(50);
        assertThat(upward).as("engine packages that reach up to the facade (or base reaching out)").isEmpty();
    }
}
