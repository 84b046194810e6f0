package org.certmap.cli;

/** The exit codes of DESIGN.md, "The certmap command". */
public final class ExitCodes {

    /** Success; for {@code explain}: the certificate maps. */
    public static final int OK = 0;
    /** {@code explain}: the certificate does not map (refused, or no user). */
    public static final int REFUSED = 1;
    /** Usage or configuration error, for every command. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
