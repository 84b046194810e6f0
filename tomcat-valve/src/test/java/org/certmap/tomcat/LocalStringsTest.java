package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every message key the valve's code uses exists in its catalog, and none is left unused. */
class LocalStringsTest {

    @Test
    void everyKeyUsedInCodeExistsInCatalog() throws IOException {
        ResourceBundle bundle = ResourceBundle.getBundle("org.certmap.tomcat.LocalStrings");
        Pattern use = Pattern.compile("Strings\\.get\\(\\s*\"([^\"]+)\"");
        List<String> used = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/certmap/tomcat"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = use.matcher(Files.readString(p));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(used).allSatisfy(k -> assertThat(bundle.containsKey(k)).as(k).isTrue());
        assertThat(bundle.keySet()).allSatisfy(k -> assertThat(used).as("unused key " + k).contains(k));
    }
}
