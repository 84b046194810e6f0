package org.certmap.engine.directory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directories of one site root, kept across reloads (one loader): a reload with the same
 * {@code <directory>} settings keeps its connection pool and its cache of answers; other settings
 * get a directory of their own, and the oldest of more than a few is closed. The engine closes them
 * when it stops.
 */
public final class DirectoryServices implements AutoCloseable {

    private static final int MAX_DIRECTORIES = 3;
    private final Map<List<Object>, Directory> directories = new LinkedHashMap<>();

    /** The directory for these settings (which {@link DirectorySettings#problem} accepted). */
    public synchronized Directory directory(DirectorySettings settings) {
        List<Object> key = List.of(settings.toString(), settings.hasBindPassword()
                ? Arrays.hashCode(settings.bindPassword()) : 0,
                settings.trustStore() == null ? List.of() : settings.trustStore());
        Directory d = directories.get(key);
        if (d == null) {
            d = Directory.open(settings);
            directories.put(key, d);
            if (directories.size() > MAX_DIRECTORIES) {
                List<Object> oldest = directories.keySet().iterator().next();
                directories.remove(oldest).close();
            }
        }
        return d;
    }

    @Override
    public synchronized void close() {
        directories.values().forEach(Directory::close);
        directories.clear();
    }
}
