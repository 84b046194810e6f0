package org.certmap.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one engine's reload every {@code reloadInterval} on the reload thread, which all engines of
 * a class loader share and which is alive only while an engine polls: in {@code WEB-INF/lib} the
 * thread's classes belong to the web application, and a thread that outlived the last engine would
 * pin that application's class loader after undeploy.
 *
 * <p>A poll lets no Throwable out but a {@link VirtualMachineError}: a scheduled task that throws
 * is never run again, and reloading would stop without a word. The same failure poll after poll is
 * reported once, and again only after a poll that did not fail.
 */
final class Reloader {

    private static ScheduledExecutorService thread;
    private static int pollers;

    private static synchronized ScheduledExecutorService acquire() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "certmap-reload");
                t.setDaemon(true);
                // Not the loader of whichever web application started the first engine: the thread
                // serves them all, and containers would report it as that application's leak.
                t.setContextClassLoader(Reloader.class.getClassLoader());
                return t;
            });
        }
        pollers++;
        return thread;
    }

    private static synchronized void release() {
        if (--pollers == 0) {
            thread.shutdownNow();
            thread = null;
        }
    }

    /** Whether the reload thread is running (for tests of the no-leak rule). */
    static synchronized boolean running() {
        return thread != null;
    }

    private final Runnable reload;
    private final Consumer<Throwable> failed;
    private ScheduledFuture<?> task; // guarded by this
    private Duration interval; // guarded by this
    private boolean closed; // guarded by this
    /** What the last poll threw, or null after one that did not throw. */
    private volatile String failure;

    /**
     * @param reload what one poll runs (the engine's reload if anything changed)
     * @param failed told what a poll threw, once per distinct failure
     */
    Reloader(Runnable reload, Consumer<Throwable> failed) {
        this.reload = Objects.requireNonNull(reload);
        this.failed = Objects.requireNonNull(failed);
    }

    /** Polls every {@code every} from now on (zero: not at all); the same interval again changes nothing. */
    synchronized void schedule(Duration every) {
        if (Objects.equals(every, interval) && task != null) {
            return;
        }
        cancel();
        interval = every;
        if (!every.isZero() && !closed) {
            long ms = Math.max(100, every.toMillis());
            task = acquire().scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    void poll() {
        try {
            reload.run();
            failure = null;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            // Like a bad file: the last good snapshot stays and polling goes on.
            String problem = t.toString();
            if (!problem.equals(failure)) {
                failure = problem;
                failed.accept(t);
            }
        }
    }

    synchronized void close() {
        closed = true;
        cancel();
    }

    private void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
            release();
        }
    }
}
