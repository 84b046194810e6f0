package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.certmap.engine.base.Messages;
import org.certmap.engine.base.Reason;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyKeyUsedInCodeExistsInTheCatalog() throws IOException {
        Pattern use = Pattern.compile("(?:Messages\\.format|log\\.(?:info|warn))\\(\\s*\"([\\w.]+)\"");
        List<String> missing = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = use.matcher(Files.readString(f));
                while (m.find()) {
                    found++;
                    if (!Messages.has(m.group(1))) {
                        missing.add(f.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(found).as("the scan finds the keys the code uses").isGreaterThan(5);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyReasonHasAHint() {
        for (Reason r : Reason.values()) {
            assertThat(Messages.has(r.hintKey())).as(r.name()).isTrue();
            assertThat(Messages.hint(r)).isNotBlank().doesNotContain("{");
        }
    }

    @Test
    void formatWhenArgumentsHaveQuotesAndBracesThenKeptLiterally() {
        assertThat(Messages.format("engine.reloadDisabled", "/app", "it's {0}.xml")).contains("it's {0}.xml");
    }
}
