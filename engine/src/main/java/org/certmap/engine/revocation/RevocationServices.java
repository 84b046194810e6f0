package org.certmap.engine.revocation;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What revocation keeps across the loads of one site root (one loader): the CRLs of
 * {@code crlFiles} in force, so that a reload may refuse an older one, and the network client
 * (OCSP, CRL distribution points) with its caches, made on first use. Listeners hear when newly
 * fetched revocation data arrives, so that the engine starts a fresh decision cache (DESIGN.md).
 */
public final class RevocationServices implements AutoCloseable {

    private volatile Map<Path, Crl> inForce = Map.of();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** One network per distinct settings (a reload with other timeouts gets its own); a few at most. */
    private final java.util.LinkedHashMap<RevocationNetwork.Key, RevocationNetwork> networks = new java.util.LinkedHashMap<>();
    private static final int MAX_NETWORKS = 4;

    /** The CRL files of the last good load, by file. */
    public Map<Path, Crl> crlsInForce() {
        return inForce;
    }

    /**
     * Records the CRL files of a load that succeeded: they are in force now. Merged by file, since
     * the mapping file and its shadow file load through the same loader.
     */
    public synchronized void inForce(Map<Path, Crl> crls) {
        Map<Path, Crl> merged = new java.util.HashMap<>(inForce);
        merged.putAll(crls);
        inForce = Map.copyOf(merged);
    }

    /**
     * The network client for these settings, made on first use and shared by every load with the
     * same settings; the oldest of more than a few is closed (a configuration two reloads old no
     * longer serves requests).
     */
    public synchronized RevocationNetwork network(RevocationSettings settings) {
        RevocationNetwork.Key key = RevocationNetwork.Key.of(settings);
        RevocationNetwork n = networks.get(key);
        if (n == null) {
            n = new RevocationNetwork(key, this::newData);
            networks.put(key, n);
            if (networks.size() > MAX_NETWORKS) {
                RevocationNetwork.Key oldest = networks.keySet().iterator().next();
                networks.remove(oldest).close();
            }
        }
        return n;
    }

    /** Called when a newly fetched CRL replaces a cached one. */
    public void onNewData(Runnable listener) {
        listeners.add(listener);
    }

    private void newData() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** Stops the network client's threads; a later load that needs it makes a new one. */
    @Override
    public synchronized void close() {
        networks.values().forEach(RevocationNetwork::close);
        networks.clear();
    }
}
