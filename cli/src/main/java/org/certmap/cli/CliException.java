package org.certmap.cli;

/**
 * A problem the user can fix (a bad argument, a file that does not load): printed as one line
 * without a stack trace (unless {@code --verbose}), exit code 2.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
