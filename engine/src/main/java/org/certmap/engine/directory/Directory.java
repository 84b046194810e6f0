package org.certmap.engine.directory;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;

/**
 * One {@code <directory>} ready for the mapping step: its client, lookup and cache together.
 *
 * <pre>{@code
 * Directory d = Directory.open(settings);          // settings that DirectorySettings.problem accepted
 * DirectoryCache.Answer a = d.lookup(cert, inTrustStore);
 * switch (a.result()) { case LookupResult.Found f -> ...; ... }
 * d.close();                                        // at reload or stop
 * }</pre>
 */
public final class Directory implements AutoCloseable {

    private final DirectorySettings settings;
    private final DirectoryClient client;
    private final DirectoryLookup lookup;
    private final DirectoryCache cache;

    private Directory(DirectorySettings settings, DirectoryClient client, DirectoryCache cache) {
        this.settings = settings;
        this.client = client;
        this.lookup = new DirectoryLookup(settings, client);
        this.cache = cache;
    }

    /** Opens no connection yet: the first lookup does. */
    public static Directory open(DirectorySettings settings) {
        return open(settings, Clock.systemUTC());
    }

    public static Directory open(DirectorySettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        return new Directory(settings, new DirectoryClient(settings),
                new DirectoryCache(settings.cacheTime(), settings.staleTime(), DirectoryCache.DEFAULT_MAX_ENTRIES, clock));
    }

    /**
     * The answer for a certificate that passed validation; {@code issuerInTrustStore} says whether
     * the CA that signed it is in {@code <validation trustStore>}.
     */
    public DirectoryCache.Answer lookup(X509Certificate certificate, boolean issuerInTrustStore) {
        return cache.get(DirectoryCache.Key.of(certificate, issuerInTrustStore),
                () -> lookup.lookup(certificate, issuerInTrustStore));
    }

    /**
     * As {@link #lookup(X509Certificate, boolean)}, with the certificate's SHA-256 the engine has
     * already computed, so a repeat hit does not hash the certificate again.
     */
    public DirectoryCache.Answer lookup(X509Certificate certificate, byte[] sha256, boolean issuerInTrustStore) {
        return cache.get(new DirectoryCache.Key(sha256, issuerInTrustStore),
                () -> lookup.lookup(certificate, issuerInTrustStore));
    }

    /** The lookup without the cache, for {@code explain} (which searches live). */
    public LookupResult lookupUncached(X509Certificate certificate, boolean issuerInTrustStore) {
        return lookup.lookup(certificate, issuerInTrustStore);
    }

    public DirectorySettings settings() {
        return settings;
    }

    public DirectoryClient client() {
        return client;
    }

    public DirectoryCache cache() {
        return cache;
    }

    @Override
    public void close() {
        client.close();
    }
}
