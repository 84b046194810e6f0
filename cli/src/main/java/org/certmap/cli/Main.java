package org.certmap.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine;

/** {@code java -jar certmap.jar <command>}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // The engine logs through java.util.logging for servers; the command prints its own words.
        Logger.getLogger("org.certmap").setLevel(Level.OFF);
        Charset cs = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        System.exit(run(Terminal.system(), out, err, args));
    }

    /** Runs one command line; returns the exit code. Tests call this in-process. */
    public static int run(Terminal terminal, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(terminal);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command tree, with certmap's error handling (one line, exit 2, stack trace only with --verbose). */
    public static CommandLine commandLine(Terminal terminal) {
        CertmapCommand root = new CertmapCommand(terminal);
        CommandLine cl = new CommandLine(root);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(100);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String message = ex instanceof CliException || ex instanceof org.certmap.engine.base.ConfigException
                    ? ex.getMessage() : ex.toString();
            err.println("certmap " + commandLine.getCommandName() + ": error: " + message);
            if (root.verbose) {
                ex.printStackTrace(err);
            } else if (!(ex instanceof CliException) && !(ex instanceof org.certmap.engine.base.ConfigException)) {
                err.println("(run again with --verbose for the details)");
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }
}
