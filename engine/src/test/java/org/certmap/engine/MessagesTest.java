package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.certmap.engine.base.Messages;
import org.certmap.engine.base.Reason;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final ResourceBundle CATALOG = ResourceBundle.getBundle("org.certmap.engine.LocalStrings",
            Locale.ROOT, Messages.class.getClassLoader());

    /** Whether the message catalog has {@code key}, as {@link Messages} loads it. */
    static boolean inCatalog(String key) {
        return CATALOG.containsKey(key);
    }

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
                    if (!inCatalog(m.group(1))) {
                        missing.add(f.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(found).as("the scan finds the keys the code uses").isGreaterThan(5);
        assertThat(missing).isEmpty();
    }

    /**
     * Keys that reach the catalog through another method than {@code Messages.format} (the mapping
     * file's error factory, {@code LoadErrors.at(position, "config...", args)}, and keys passed on as
     * arguments) are found as string literals of the form {@code "config.x.y"}.
     */
    @Test
    void everyConfigKeyLiteralInCodeExistsInTheCatalog() throws IOException {
        Pattern key = Pattern.compile("^config\\.[\\w.]+$");
        List<String> missing = new ArrayList<>();
        int found = 0;
        for (Path f : javaFiles(Path.of("src/main/java"))) {
            for (String literal : literals(Files.readString(f))) {
                if (key.matcher(literal).matches()) {
                    found++;
                    if (!inCatalog(literal)) {
                        missing.add(f.getFileName() + ": " + literal);
                    }
                }
            }
        }
        assertThat(found).as("the scan finds the config keys").isGreaterThan(60);
        assertThat(missing).isEmpty();
    }

    /**
     * Issue 13.4: the mapping file's messages are all in the catalog, so the configuration code
     * holds no sentence of its own. Literals that match the XML parser's English sentences
     * ({@code XmlErrors}) or PEM labels are compared, not shown, and stay.
     */
    @Test
    void configCodeHasNoEnglishLiterals() throws IOException {
        Pattern prose = Pattern.compile("[A-Za-z]{2,} [A-Za-z]{2,}");
        Pattern matching = Pattern.compile("Pattern\\.compile|startsWith|contains\\(|equals\\(");
        List<String> english = new ArrayList<>();
        List<Path> files = javaFiles(Path.of("src/main/java/org/certmap/engine/config"));
        assertThat(files).hasSizeGreaterThan(15);
        for (Path f : files) {
            boolean continuedPattern = false;
            for (String line : withoutComments(Files.readString(f)).split("\n")) {
                boolean exempt = continuedPattern || matching.matcher(line).find();
                continuedPattern = exempt && line.contains("Pattern") && !line.strip().endsWith(";")
                        || continuedPattern && !line.strip().endsWith(";");
                if (exempt) {
                    continue;
                }
                for (String literal : literals(line)) {
                    if (prose.matcher(literal).find()) {
                        english.add(f.getFileName() + ": \"" + literal + "\"");
                    }
                }
            }
        }
        assertThat(english).as("sentences in config code instead of the catalog").isEmpty();
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The source with each comment blanked out, line breaks kept (string literals left as they are). */
    static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source);
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            int end = -1;
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                continue;
            }
            if (end < 0) {
                i++;
                continue;
            }
            for (int j = i; j < end; j++) {
                if (out.charAt(j) != '\n') {
                    out.setCharAt(j, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    /** The string literals of Java source outside comments (text blocks are not used in main code). */
    static List<String> literals(String source) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                i += source.charAt(i + 1) == '\\' ? 4 : 3;
                while (i < n && source.charAt(i - 1) != '\'') {
                    i++; // '\u0000' and the like
                }
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && source.charAt(i) != '"') {
                    if (source.charAt(i) == '\\') {
                        i++;
                    }
                    sb.append(source.charAt(i));
                    i++;
                }
                out.add(sb.toString());
                i++;
            } else {
                i++;
            }
        }
        return out;
    }

    @Test
    void withoutCommentsWhenCommentsAroundQuotesThenBlankedAndLinesKept() {
        assertThat(withoutComments("a /* \"x\n y\" */ \"/*k*/\" // \"z\"\nb"))
                .isEqualTo("a" + " ".repeat(6) + "\n" + " ".repeat(7) + "\"/*k*/\"" + " ".repeat(7) + "\nb");
    }

    @Test
    void literalsWhenCommentsEscapesAndCharsThenOnlyTheStrings() {
        assertThat(literals("a(\"x y\", '\"', '\\'', \"q\\\"r\") // \"no\"\n/* \"no\" */ \"z\""))
                .containsExactly("x y", "q\"r", "z");
    }

    @Test
    void everyReasonHasAHint() {
        for (Reason r : Reason.values()) {
            assertThat(inCatalog(r.hintKey())).as(r.name()).isTrue();
            assertThat(Messages.hint(r)).isNotBlank().doesNotContain("{");
        }
    }

    @Test
    void formatWhenArgumentsHaveQuotesAndBracesThenKeptLiterally() {
        assertThat(Messages.format("engine.reloadDisabled", "/app", "it's {0}.xml")).contains("it's {0}.xml");
    }
}
