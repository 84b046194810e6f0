package org.certmap.engine.base;

import java.util.Objects;

/**
 * A mapping file that cannot be used. The message names the file, line and column and says what
 * to do, because "configuration that silently does nothing" is what hurts IIS users most.
 *
 * <p>At start a front door turns this into a failed start (fail closed); at reload the engine logs
 * it and keeps the last good configuration.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public ConfigException(String file, int line, int column, String problem) {
        this(file, line, column, problem, null);
    }

    public ConfigException(String file, int line, int column, String problem, Throwable cause) {
        super(format(file, line, column, problem), cause);
        this.file = Objects.requireNonNullElse(file, "(unknown)");
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    private static String format(String file, int line, int column, String problem) {
        StringBuilder sb = new StringBuilder(Objects.requireNonNullElse(file, "(unknown)"));
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The mapping file (or the file it names) that has the problem. */
    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is not at one place in the file. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** The problem without the location prefix. */
    public String problem() {
        return problem;
    }
}
