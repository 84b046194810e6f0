package org.certmap.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What the reload poller knows of one watched file: enough to tell, at the next poll, whether its
 * content may differ from the content that was loaded (DESIGN.md, "Where the mapping file is").
 *
 * <p>Why more than modification time and size: {@code cp -p}, {@code rsync -t} and {@code tar} put
 * an old modification time back on new content of the same size, and two writes within one clock
 * tick of the file system leave the same modification time. So a stamp holds size, modification
 * time, change time (ctime, which no program can set back: it moves on every write and every
 * {@code utimes}) and file key (device and inode: a file renamed over the old one is another file).
 * Any difference in those means "changed".
 *
 * <p>Why a hash only sometimes: where those attributes are all equal they prove nothing in two
 * cases, and only there the content is hashed (SHA-256, streamed): when the file system has no
 * ctime (no {@code unix} attribute view, e.g. Windows), or when the file's last change was not
 * older than the moment the stamp was taken, less {@link #SETTLE_MILLIS} for coarse timestamps
 * (a second write in the same tick would then leave every attribute as it was). Once a poll finds
 * an unchanged file whose last change is older than that, its stamp is "settled" and later polls
 * compare attributes only: an unchanged 100 MB file costs one {@code stat} per poll.
 *
 * <p>Immutable; a {@link Stamper} takes and compares stamps.
 */
final class FileStamp {

    /**
     * How much older than the stamp a file's last change must be before attributes alone can tell
     * a later write: covers file systems that keep whole seconds (ext3, HFS+) and the coarse clock
     * the kernel stamps files with.
     */
    static final long SETTLE_MILLIS = 2_000;

    private final Path path;
    /** False when the file is missing or its attributes cannot be read. */
    private final boolean exists;
    private final long size;
    private final FileTime modified;
    /** ctime, or null where the file system has none. */
    private final FileTime changed;
    private final Object key;
    /** Wall-clock milliseconds read before the attributes. */
    private final long taken;
    /** SHA-256 of the content, or null when not needed (settled) or not readable. */
    private final byte[] sha256;
    /** A stamp that equals nothing: the next poll reads the file again. */
    private final boolean dirty;

    private FileStamp(Path path, Attributes a, long taken, byte[] sha256, boolean dirty) {
        this.path = path;
        this.exists = a != null;
        this.size = a == null ? -1 : a.size;
        this.modified = a == null ? null : a.modified;
        this.changed = a == null ? null : a.changed;
        this.key = a == null ? null : a.key;
        this.taken = taken;
        this.sha256 = sha256;
        this.dirty = dirty;
    }

    /** A stamp that no poll finds unchanged: the file changed while it was read. */
    static FileStamp dirty(Path path) {
        return new FileStamp(path, null, 0, null, true);
    }

    Path path() {
        return path;
    }

    /**
     * True when the file may have changed at or after {@code millis} (wall clock): a file first
     * named by a load and changed while that load ran. Whole-second timestamps are compared in
     * whole seconds.
     */
    boolean changedSince(long millis) {
        if (dirty) {
            return true;
        }
        if (!exists) {
            return false;
        }
        FileTime last = changed == null || modified.compareTo(changed) >= 0 ? modified : changed;
        if (last.to(TimeUnit.NANOSECONDS) % 1_000_000_000L == 0) {
            return last.toMillis() >= millis - Math.floorMod(millis, 1000);
        }
        return last.toMillis() >= millis;
    }

    /** Whether attributes alone can tell a later change (see the class comment). */
    private boolean settled() {
        return exists && changed != null && lastChange(modified, changed) < taken - SETTLE_MILLIS;
    }

    private boolean sameAttributes(Attributes a) {
        if (a == null) {
            return !exists;
        }
        return exists && size == a.size && modified.equals(a.modified) && Objects.equals(changed, a.changed)
                && Objects.equals(key, a.key);
    }

    private static long lastChange(FileTime modified, FileTime changed) {
        long m = modified.toMillis();
        return changed == null ? m : Math.max(m, changed.toMillis());
    }

    @Override
    public String toString() {
        return dirty ? path + " (changed while read)"
                : path + (exists ? " size=" + size + " mtime=" + modified + " ctime=" + changed + " key=" + key
                        + (sha256 == null ? "" : " hashed") : " (missing)");
    }

    /** A stamp compared with the file now: the stamp that describes it now, and whether it changed. */
    record Poll(FileStamp stamp, boolean changed) {
    }

    /**
     * Takes and compares stamps with one wall clock, and counts content hashes (tests check that
     * settled files are not read).
     */
    static final class Stamper {

        private final LongSupplier clock;
        private final boolean useChangeTime;
        private final AtomicLong hashes = new AtomicLong();

        /** The wall clock, and ctime wherever the file system has it. */
        Stamper() {
            this(System::currentTimeMillis, true);
        }

        /**
         * @param clock         wall-clock milliseconds, comparable with file times
         * @param useChangeTime false to act as on a file system without ctime (tests)
         */
        Stamper(LongSupplier clock, boolean useChangeTime) {
            this.clock = clock;
            this.useChangeTime = useChangeTime;
        }

        long now() {
            return clock.getAsLong();
        }

        /** Content hashes computed so far. */
        long hashes() {
            return hashes.get();
        }

        /** The file's stamp now, hashed where attributes could not tell a later change. */
        FileStamp take(Path p) {
            long now = now();
            return build(p, now, read(p));
        }

        /**
         * Compares a stamp with the file now. Unchanged: the stamp to keep (the same one when it was
         * settled, else a fresh one, which may be settled by now). Changed: the file's stamp now.
         */
        Poll recheck(FileStamp previous) {
            Path p = previous.path;
            if (previous.dirty) {
                return new Poll(take(p), true);
            }
            long now = now();
            Attributes a = read(p);
            if (!previous.sameAttributes(a)) {
                return new Poll(build(p, now, a), true);
            }
            if (a == null || previous.settled()) {
                return new Poll(previous, false);
            }
            byte[] h = hash(p);
            Attributes after = read(p);
            if (!Objects.equals(a, after)) {
                // Written while hashed: a fresh stamp (not settled, so the next poll hashes again).
                return new Poll(new FileStamp(p, after, now, h, false), true);
            }
            return new Poll(new FileStamp(p, a, now, h, false), !Arrays.equals(h, previous.sha256));
        }

        private FileStamp build(Path p, long now, Attributes a) {
            if (a == null || (a.changed != null && lastChange(a.modified, a.changed) < now - SETTLE_MILLIS)) {
                return new FileStamp(p, a, now, null, false);
            }
            byte[] h = hash(p);
            // Attributes read after the hash: if the file was written meanwhile, they are recent, the
            // stamp is not settled, and the next poll hashes again (a needless reload at worst).
            return new FileStamp(p, read(p), now, h, false);
        }

        private Attributes read(Path p) {
            try {
                if (useChangeTime && p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                    // One stat for all four.
                    Map<String, Object> m = Files.readAttributes(p, "unix:size,lastModifiedTime,ctime,fileKey");
                    return new Attributes((Long) m.get("size"), (FileTime) m.get("lastModifiedTime"),
                            (FileTime) m.get("ctime"), m.get("fileKey"));
                }
                BasicFileAttributes b = Files.readAttributes(p, BasicFileAttributes.class);
                return new Attributes(b.size(), b.lastModifiedTime(), null, b.fileKey());
            } catch (IOException | RuntimeException e) {
                // Missing or unreadable: the load says why.
                return null;
            }
        }

        /** SHA-256 of the content, streamed; null when it cannot be read. */
        private byte[] hash(Path p) {
            hashes.incrementAndGet();
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java has SHA-256", e);
            }
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(p)) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    sha.update(buffer, 0, n);
                }
            } catch (IOException e) {
                return null;
            }
            return sha.digest();
        }
    }

    private record Attributes(long size, FileTime modified, FileTime changed, Object key) {
    }
}
