package org.certmap.engine.directory;

import java.util.List;

/**
 * No directory server answered: every URL failed, timed out, or is resting after a failure. The
 * message lists each server and why, for the log and {@code explain}; it never contains the bind
 * password. Checked, because the caller must turn it into 503 {@code DIRECTORY_UNAVAILABLE} or a
 * stale answer (DESIGN.md Invariant 6), never into a pass.
 */
public final class DirectoryUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /** One line per server, {@code url: why}. */
    private final List<String> perServer;

    public DirectoryUnavailableException(List<String> perServer) {
        super(String.join("; ", perServer));
        this.perServer = List.copyOf(perServer);
    }

    /** Each server and why it gave no answer, in URL order. */
    public List<String> perServer() {
        return perServer;
    }
}
