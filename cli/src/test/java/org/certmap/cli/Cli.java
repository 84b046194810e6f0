package org.certmap.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs certmap in-process, as {@code java -jar certmap.jar} would, capturing what it prints. */
final class Cli {

    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Map<String, String> env;
    private final byte[] stdin;

    private Cli(Map<String, String> env, byte[] stdin) {
        this.env = env;
        this.stdin = stdin;
    }

    static Cli cli() {
        return new Cli(Map.of(), new byte[0]);
    }

    Cli env(Map<String, String> variables) {
        return new Cli(variables, stdin);
    }

    Cli stdin(String text) {
        return new Cli(env, text.getBytes(StandardCharsets.UTF_8));
    }

    Cli stdin(byte[] bytes) {
        return new Cli(env, bytes);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal t = new Terminal(new ByteArrayInputStream(stdin), env::get, false);
        int exit = Main.run(t, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    static Result exec(String... args) {
        return cli().run(args);
    }
}
