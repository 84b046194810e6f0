package org.certmap.engine.directory;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import javax.naming.AuthenticationException;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NoPermissionException;
import javax.naming.ServiceUnavailableException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InvalidSearchFilterException;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * certmap's LDAP client for one {@code <directory>}: JNDI's LDAP provider (JDK only), with
 * certmap's own connection pool, timeouts, failover and TLS.
 *
 * <p>Why not JNDI's pool ({@code com.sun.jndi.ldap.connect.pool}): its settings are JVM-wide
 * system properties and it cannot carry a per-directory trust store, so two sites with different
 * directories would share one policy (DESIGN.md "Directory mappings"). Here each server has at most
 * {@code maxConnections} connections (a semaphore bounds the open ones, idle ones wait in a deque);
 * a request waits for one at most until its deadline, which is {@code timeout} from when it started
 * on that server, and connecting takes what is left of it; reading is bounded by {@code timeout}
 * ({@code com.sun.jndi.ldap.read.timeout}). Servers are tried in URL order; one that failed to
 * answer (refused, timed out, broken connection) is not retried for {@link #RETRY_AFTER_NANOS}, so
 * an outage costs a request at most {@code timeout} per live-looking server, and nothing once every
 * server is resting. An answer that is an error (bad credentials, a filter the server refuses, a
 * missing base DN) moves to the next server but does not rest the server: it is configuration, not
 * an outage.
 *
 * <p>TLS: {@code ldaps://} connects with {@link DirectorySocketFactory}; {@code startTls} sends the
 * StartTLS extended operation (RFC 4511 §4.14) on a fresh connection and binds only after it is
 * negotiated, so the password never crosses in clear; JNDI's StartTLS checks the host name against
 * the certificate (RFC 4513 §3.1.3) and certmap sets no verifier that could override it.
 */
public final class DirectoryClient implements DirectorySearch, AutoCloseable {

    /** A server that failed is not retried for 30 s (DESIGN.md). */
    static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final String AD_CAPABILITY = "1.2.840.113556.1.4.800";

    private final DirectorySettings settings;
    private final List<Server> servers;
    private final SSLSocketFactory tls;
    private final AtomicInteger opened = new AtomicInteger();
    private final LongSupplier nanoTime;
    private volatile Boolean inChain;
    private volatile boolean closed;

    /** A client for {@code settings}, which {@link DirectorySettings#problem} accepted. */
    public DirectoryClient(DirectorySettings settings) {
        this(settings, System::nanoTime);
    }

    DirectoryClient(DirectorySettings settings, LongSupplier nanoTime) {
        String problem = DirectorySettings.problem(settings);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.tls = socketFactory(settings.trustStore());
        List<Server> list = new ArrayList<>();
        for (URI url : settings.urls()) {
            list.add(new Server(url, settings.maxConnections()));
        }
        this.servers = List.copyOf(list);
    }

    private static SSLSocketFactory socketFactory(List<X509Certificate> trustStore) {
        try {
            if (trustStore == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate ca : trustStore) {
                ks.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("directory trustStore: " + e.getMessage(), e);
        }
    }

    /** How many connections this client has opened so far, over all servers (for tests and figures). */
    public int connectionsOpened() {
        return opened.get();
    }

    @Override
    public SearchAnswer search(String filter, List<String> attributes, int limit) throws DirectoryUnavailableException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(attributes.toArray(new String[0]));
        controls.setCountLimit(limit);
        controls.setTimeLimit((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
        return withServer((server, ctx) -> {
            List<DirectoryEntry> entries = new ArrayList<>();
            boolean truncated = false;
            NamingEnumeration<SearchResult> results = ctx.search(settings.baseDn(), filter, controls);
            try {
                while (results.hasMore()) {
                    SearchResult r = results.next();
                    entries.add(entry(r.getNameInNamespace(), r.getAttributes()));
                }
            } catch (SizeLimitExceededException e) {
                truncated = true;
            } finally {
                results.close();
            }
            return new SearchAnswer(server.url.toString(), entries, truncated);
        });
    }

    @Override
    public boolean supportsInChainRule() throws DirectoryUnavailableException {
        Boolean known = inChain;
        if (known != null) {
            return known;
        }
        boolean ad = withServer((server, ctx) -> {
            Attributes root = ctx.getAttributes("", new String[] {"supportedCapabilities"});
            Attribute caps = root.get("supportedCapabilities");
            if (caps == null) {
                return false;
            }
            for (int i = 0; i < caps.size(); i++) {
                if (AD_CAPABILITY.equals(String.valueOf(caps.get(i)))) {
                    return true;
                }
            }
            return false;
        });
        inChain = ad;
        return ad;
    }

    private static DirectoryEntry entry(String dn, Attributes attributes) throws NamingException {
        Map<String, List<Object>> map = new HashMap<>();
        NamingEnumeration<? extends Attribute> all = attributes.getAll();
        try {
            while (all.hasMore()) {
                Attribute a = all.next();
                List<Object> values = new ArrayList<>(a.size());
                for (int i = 0; i < a.size(); i++) {
                    values.add(a.get(i));
                }
                map.computeIfAbsent(DirectoryEntry.key(a.getID()), k -> new ArrayList<>()).addAll(values);
            }
        } finally {
            all.close();
        }
        return new DirectoryEntry(dn, map);
    }

    private interface Operation<T> {
        T run(Server server, LdapContext ctx) throws NamingException;
    }

    private <T> T withServer(Operation<T> op) throws DirectoryUnavailableException {
        if (closed) {
            throw new DirectoryUnavailableException(List.of("directory client is closed"));
        }
        List<String> why = new ArrayList<>(servers.size());
        for (Server server : servers) {
            long now = nanoTime.getAsLong();
            long downUntil = server.downUntil;
            if (downUntil != 0 && now - downUntil < 0) {
                why.add(server.url + ": failed " + ((now - (downUntil - RETRY_AFTER_NANOS)) / 1_000_000_000L)
                        + " s ago (" + server.lastFailure + "), not retried for 30 s");
                continue;
            }
            try {
                T result = onServer(server, now + settings.timeout().toNanos(), op);
                server.downUntil = 0;
                return result;
            } catch (ServerDown e) {
                server.lastFailure = e.getMessage();
                server.downUntil = nanoTime.getAsLong() + RETRY_AFTER_NANOS;
                why.add(server.url + ": " + e.getMessage());
            } catch (ServerRefused e) {
                why.add(server.url + ": " + e.getMessage());
            }
        }
        throw new DirectoryUnavailableException(why);
    }

    private <T> T onServer(Server server, long deadline, Operation<T> op) throws ServerDown, ServerRefused {
        long wait = deadline - nanoTime.getAsLong();
        try {
            if (!server.permits.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                throw new ServerDown("no pooled connection free within the timeout (" + settings.maxConnections()
                        + " in use)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerDown("interrupted while waiting for a connection");
        }
        LdapContext ctx = null;
        boolean keep = false;
        try {
            ctx = server.idle.pollFirst();
            boolean reused = ctx != null;
            if (ctx == null) {
                ctx = open(server, deadline);
            }
            try {
                T result = op.run(server, ctx);
                keep = true;
                return result;
            } catch (CommunicationException | ServiceUnavailableException e) {
                if (!reused) {
                    throw e;
                }
                // An idle connection the server (or a firewall) closed: one fresh try.
                closeQuietly(ctx);
                ctx = open(server, deadline);
                T result = op.run(server, ctx);
                keep = true;
                return result;
            }
        } catch (AuthenticationException e) {
            throw new ServerRefused("bind refused (check bindDn and bindPassword): " + ldapMessage(e));
        } catch (javax.naming.AuthenticationNotSupportedException e) {
            throw new ServerRefused("bind refused (the server wants TLS or another method): " + ldapMessage(e));
        } catch (InvalidSearchFilterException e) {
            throw new ServerRefused("filter refused: " + ldapMessage(e));
        } catch (NameNotFoundException e) {
            throw new ServerRefused("baseDn not found: " + ldapMessage(e));
        } catch (NoPermissionException e) {
            throw new ServerRefused("not permitted: " + ldapMessage(e));
        } catch (NamingException e) {
            throw new ServerDown(ldapMessage(e));
        } catch (RuntimeException e) {
            throw new ServerDown(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (keep && !closed) {
                server.idle.offerFirst(ctx);
            } else {
                closeQuietly(ctx);
            }
            server.permits.release();
        }
    }

    private LdapContext open(Server server, long deadline) throws NamingException {
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
            throw new ServiceUnavailableException("timeout spent before connecting");
        }
        long connectMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
        boolean ldaps = server.url.getScheme().toLowerCase(Locale.ROOT).equals("ldaps");
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, server.url.getScheme() + "://" + server.url.getRawAuthority());
        env.put("com.sun.jndi.ldap.connect.pool", "false");
        env.put("com.sun.jndi.ldap.connect.timeout", Long.toString(connectMillis));
        env.put("com.sun.jndi.ldap.read.timeout", Long.toString(settings.timeout().toMillis()));
        env.put("java.naming.ldap.version", "3");
        env.put(Context.REFERRAL, "ignore");
        env.put("java.naming.ldap.attributes.binary", "objectSid");
        env.put("java.naming.ldap.factory.socket", DirectorySocketFactory.class.getName());
        boolean bindNow = settings.bindDn() != null && !settings.startTls();
        if (bindNow) {
            putCredentials(env);
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        }
        SocketFactory plainOrTls = ldaps ? tls : SocketFactory.getDefault();
        DirectorySocketFactory.use(new DirectorySocketFactory(plainOrTls, opened));
        try {
            LdapContext ctx = new InitialLdapContext(env, null);
            return settings.startTls() ? startTls(ctx) : ctx;
        } finally {
            DirectorySocketFactory.use(null);
        }
    }

    private LdapContext startTls(LdapContext ctx) throws NamingException {
        try {
            StartTlsResponse started = (StartTlsResponse) ctx.extendedOperation(new StartTlsRequest());
            started.negotiate(tls);
            if (settings.bindDn() != null) {
                Hashtable<String, Object> credentials = new Hashtable<>();
                putCredentials(credentials);
                for (Map.Entry<String, Object> e : credentials.entrySet()) {
                    ctx.addToEnvironment(e.getKey(), e.getValue());
                }
                ctx.reconnect(null); // binds on the TLS-protected connection
            }
            return ctx;
        } catch (IOException e) {
            closeQuietly(ctx);
            CommunicationException ce = new CommunicationException("StartTLS failed: " + e.getMessage());
            ce.setRootCause(e);
            throw ce;
        } catch (NamingException | RuntimeException e) {
            closeQuietly(ctx);
            throw e;
        }
    }

    private void putCredentials(Hashtable<String, Object> env) {
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, settings.bindDn());
        // JNDI wants the password as a String or byte[]; it stays only in JNDI's environment.
        char[] password = settings.bindPassword();
        env.put(Context.SECURITY_CREDENTIALS, new String(password));
        java.util.Arrays.fill(password, '\0');
    }

    /** JNDI's explanation, with its root cause, never the environment (which holds the password). */
    private static String ldapMessage(NamingException e) {
        String m = e.getExplanation() != null ? e.getExplanation() : e.getClass().getSimpleName();
        Throwable root = e.getRootCause() != null ? e.getRootCause() : e.getCause();
        if (root != null && root.getMessage() != null && !m.contains(root.getMessage())) {
            m += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return m;
    }

    private static void closeQuietly(LdapContext ctx) {
        if (ctx != null) {
            try {
                ctx.close();
            } catch (NamingException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    /** Closes every idle connection; connections in use close when they are returned. */
    @Override
    public void close() {
        closed = true;
        for (Server s : servers) {
            LdapContext ctx;
            while ((ctx = s.idle.pollFirst()) != null) {
                closeQuietly(ctx);
            }
        }
    }

    private static final class Server {
        final URI url;
        final Semaphore permits;
        final Deque<LdapContext> idle = new ConcurrentLinkedDeque<>();
        volatile long downUntil;
        volatile String lastFailure = "";

        Server(URI url, int max) {
            this.url = url;
            this.permits = new Semaphore(max, true);
        }
    }

    /** The server did not answer: rest it for 30 s. */
    private static final class ServerDown extends Exception {
        private static final long serialVersionUID = 1L;

        ServerDown(String message) {
            super(message, null, false, false);
        }
    }

    /** The server answered with an error: try the next, do not rest it. */
    private static final class ServerRefused extends Exception {
        private static final long serialVersionUID = 1L;

        ServerRefused(String message) {
            super(message, null, false, false);
        }
    }
}
