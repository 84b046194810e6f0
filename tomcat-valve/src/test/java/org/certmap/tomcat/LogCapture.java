package org.certmap.tomcat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects java.util.logging records (Tomcat's JULI and the engine both log there) while open. */
final class LogCapture extends Handler implements AutoCloseable {

    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    /** Every record at {@code level} whose message or any cause's message contains {@code text}. */
    List<LogRecord> find(Level level, String text) {
        return records.stream().filter(r -> r.getLevel().equals(level) && text(r).contains(text)).toList();
    }

    static String text(LogRecord r) {
        StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
            sb.append(" | ").append(t.getMessage());
        }
        return sb.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
