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
    private RevocationNetwork network;

    /** The CRL files of the last good load, by file. */
    public Map<Path, Crl> crlsInForce() {
        return inForce;
    }

    /** Records the CRL files of a load that succeeded: they are in force now. */
    public void inForce(Map<Path, Crl> crls) {
        inForce = Map.copyOf(crls);
    }

    /** The network client, made on first use. */
    public synchronized RevocationNetwork network() {
        if (network == null) {
            network = new RevocationNetwork(this::newData);
        }
        return network;
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
        if (network != null) {
            network.close();
            network = null;
        }
    }
}
