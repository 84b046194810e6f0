package org.certmap.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which of the files a snapshot was loaded from changed since: the mapping file and every file it
 * names, stamped by content ({@link FileStamp}). After a load that failed, the files that failed are
 * watched too, so the same bad files are not read again until one of them changes.
 */
final class FileWatch {

    private final FileStamp.Stamper stamper;
    private List<FileStamp> stamps = List.of(); // guarded by this
    /** The stamps of a load that failed, or null after a good one. */
    private List<FileStamp> failedStamps; // guarded by this

    FileWatch(FileStamp.Stamper stamper) {
        this.stamper = Objects.requireNonNull(stamper);
    }

    /** The stamper's clock, read before a load begins. */
    long now() {
        return stamper.now();
    }

    /** The stamps to load the first snapshot with: the mapping file alone. */
    List<FileStamp> first(Path file) {
        return List.of(stamper.take(file));
    }

    /**
     * The stamps to reload with, or null when no file changed since the last load (nor, after a
     * failed load, since that load).
     */
    synchronized List<FileStamp> changed() {
        Polled now = recheckAll(stamps);
        if (!now.changed()) {
            stamps = now.stamps();
            return null;
        }
        if (failedStamps != null) {
            Polled failed = recheckAll(failedStamps);
            if (!failed.changed()) {
                failedStamps = failed.stamps();
                return null;
            }
            now = failed;
        }
        return now.stamps();
    }

    /** A load from {@code before} failed: watch those stamps until they change. */
    synchronized void failed(List<FileStamp> before) {
        failedStamps = before;
    }

    /**
     * A load from {@code before}, begun at {@code loadStart}, read {@code watched}: watch those. A
     * file that changed while it was read gets a dirty stamp, so that the next poll reads again: a
     * file stamped before the load is compared with that stamp; a file the load named for the first
     * time, with the time the load began.
     */
    synchronized void loaded(List<Path> watched, List<FileStamp> before, long loadStart) {
        failedStamps = null;
        Map<Path, FileStamp> earlier = new HashMap<>();
        for (FileStamp s : before) {
            earlier.put(s.path(), s);
        }
        Map<Path, FileStamp> after = new LinkedHashMap<>();
        for (Path p : watched) {
            if (after.containsKey(p)) {
                continue;
            }
            FileStamp b = earlier.get(p);
            FileStamp s;
            if (b != null) {
                FileStamp.Poll r = stamper.recheck(b);
                s = r.changed() ? FileStamp.dirty(p) : r.stamp();
            } else {
                s = stamper.take(p);
                s = s.changedSince(loadStart) ? FileStamp.dirty(p) : s;
            }
            after.put(p, s);
        }
        stamps = List.copyOf(after.values());
    }

    /** The watched files compared with their stamps: whether any changed, and their stamps now. */
    private record Polled(boolean changed, List<FileStamp> stamps) {
    }

    private Polled recheckAll(List<FileStamp> previous) {
        boolean changed = false;
        List<FileStamp> out = new ArrayList<>(previous.size());
        for (FileStamp s : previous) {
            FileStamp.Poll p = stamper.recheck(s);
            changed |= p.changed();
            out.add(p.stamp());
        }
        return new Polled(changed, List.copyOf(out));
    }
}
