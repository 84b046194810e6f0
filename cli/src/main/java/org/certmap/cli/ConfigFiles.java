package org.certmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;
import org.certmap.engine.config.OneToOneEntry;
import org.certmap.engine.config.PropertyExpander;

/** Loads mapping files for the commands, with a progress line on an interactive terminal for big files. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Loads with this expander ({@link MappingFileOptions#expander}: {@code ${catalina.base}} from the command line). */
    static MappingConfig load(Path file, PropertyExpander expander, PrintWriter err, boolean interactive)
            throws ConfigException {
        return load(file, expander, err, interactive, null);
    }

    /**
     * As above, telling {@code entries} of each one-to-one entry as the load reads it (the
     * inventory of {@code check}, the entries of {@code list}): the file is read once, by the engine.
     */
    static MappingConfig load(Path file, PropertyExpander expander, PrintWriter err, boolean interactive,
            Consumer<OneToOneEntry> entries) throws ConfigException {
        MappingFileLoader loader = new MappingFileLoader(expander);
        if (!interactive) {
            return loader.load(file, entries);
        }
        FutureTask<MappingConfig> task = new FutureTask<>(() -> loader.load(file, entries));
        Thread t = new Thread(task, "certmap-load");
        t.setDaemon(true);
        t.start();
        long start = System.nanoTime();
        String size = size(file);
        boolean shown = false;
        try {
            while (true) {
                try {
                    return task.get(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    long s = (System.nanoTime() - start) / 1_000_000_000L;
                    Terminal.progress(err, true, "loading " + file.getFileName() + size + " ... " + s + "s");
                    shown = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfigException c) {
                throw c;
            }
            throw new CliException("cannot load " + file + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } finally {
            if (shown) {
                Terminal.progress(err, true, "");
                err.print("\r");
                err.flush();
            }
        }
    }

    private static String size(Path file) {
        try {
            long b = Files.size(file);
            return b >= 1 << 20 ? " (" + (b >> 20) + " MB)" : "";
        } catch (IOException e) {
            return "";
        }
    }
}
