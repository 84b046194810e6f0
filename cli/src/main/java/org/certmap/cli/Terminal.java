package org.certmap.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a command may touch outside its arguments: standard input, the environment and whether
 * standard error is an interactive terminal (for the progress line). Tests pass their own.
 */
public record Terminal(InputStream in, Function<String, String> env, boolean interactive) {

    public Terminal {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(env, "env");
    }

    /** The real process: System.in, System.getenv, and a console when there is one. */
    public static Terminal system() {
        return new Terminal(System.in, System::getenv, System.console() != null);
    }

    /** A line for standard error, unless stderr is not a terminal. */
    public static void progress(PrintWriter err, boolean interactive, String text) {
        if (interactive) {
            err.print("\r" + text + "\u001B[K");
            err.flush();
        }
    }
}
