package org.certmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code certmap shadow LOG...}: what the shadow file would change, summarised from the server's log
 * (each {@code shadow:} line is one distinct certificate whose shadow decision differs, with both
 * outcomes). The running totals per outcome are in the valve's JMX bean ({@code ShadowDifferences}).
 */
@Command(name = "shadow", mixinStandardHelpOptions = true,
        description = {"Summarise what the mapping file's shadowFile would change, from the server's log lines.",
            "Each line is one distinct certificate whose decision by the shadow file differs; JMX ShadowDifferences"
                    + " has the request counts."})
final class ShadowCommand implements Callable<Integer> {

    /** {@code engine.shadowDifference}: certmap [{0}] shadow: {1} sha256={2} subject=[{3}] live: {4} | shadow: {5}. */
    static final Pattern LINE = Pattern.compile(
            "certmap \\[([^\\]]*)\\] shadow: (\\S*) sha256=(\\S+) subject=\\[(.*)\\] live: (.*) \\| shadow: (.*)$");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LOG", description = "Server log files (catalina.out, server.log, ...).")
    List<Path> logs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Integer> byChange = new TreeMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        int lines = 0;
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                lines++;
                String change = "[" + m.group(1) + "] " + kind(m.group(5)) + " -> " + kind(m.group(6));
                byChange.merge(change, 1, Integer::sum);
                examples.putIfAbsent(change, m.group(4) + " on " + m.group(2) + ": live " + m.group(5) + "; shadow "
                        + m.group(6));
            }
        }
        if (lines == 0) {
            out.println("no shadow differences in " + logs + " (a shadow line is logged once per distinct certificate"
                    + " whose decision the shadow file changes)");
            return ExitCodes.OK;
        }
        out.println(lines + " certificate(s) would be decided differently by the shadow file:");
        byChange.forEach((change, n) -> {
            out.println("  " + n + "  " + change);
            out.println("       e.g. " + examples.get(change));
        });
        return ExitCodes.OK;
    }

    /** "AUTHENTICATED as jdoe [staff] by oneToOne" -> "AUTHENTICATED"; "REFUSED MAPPING_DENIED (mapping x)" -> "REFUSED MAPPING_DENIED". */
    private static String kind(String outcome) {
        String s = outcome.strip();
        int as = s.indexOf(" as ");
        if (as > 0) {
            return s.substring(0, as);
        }
        int paren = s.indexOf(" (mapping ");
        return paren > 0 ? s.substring(0, paren) : s;
    }
}
