package org.certmap.cli.edit;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes a file so that a reader (a server polling its mapping file) sees the old content or the
 * new, never half: a temporary file in the same folder, checked, then moved over the target.
 */
public final class AtomicFiles {

    /** Checks a candidate file before it replaces the target. */
    @FunctionalInterface
    public interface Check {
        void check(Path candidate) throws Exception;
    }

    private AtomicFiles() {
    }

    /** Writes {@code text} to a temporary sibling of {@code target}, runs {@code check} on it, then moves it into place. */
    public static void write(Path target, String text, Charset charset, Check check) throws Exception {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, charset);
            copyPermissions(abs, tmp);
            check.check(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copyPermissions(Path from, Path to) {
        try {
            PosixFileAttributeView v = Files.getFileAttributeView(to, PosixFileAttributeView.class);
            if (v == null) {
                return;
            }
            Set<PosixFilePermission> perms = Files.exists(from) ? Files.getPosixFilePermissions(from)
                    : Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
            v.setPermissions(perms);
        } catch (IOException | UnsupportedOperationException e) {
            // keep the temporary file's permissions
        }
    }
}
