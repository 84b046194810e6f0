package org.certmap.engine.directory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The socket factory JNDI uses for certmap's connections: plain for {@code ldap://}, TLS with the
 * directory's own trust store for {@code ldaps://}, counting every socket it opens.
 *
 * <p>Why a thread-local: JNDI's LDAP provider takes a socket factory only as a class name
 * ({@code java.naming.ldap.factory.socket}) and calls that class's static {@code getDefault()} while
 * it opens the connection, on the calling thread; it cannot be handed an instance. A static
 * registry keyed by directory would need a class per directory. Instead {@link DirectoryClient}
 * sets the directory's factory in {@link #CURRENT} just around opening a connection and clears it
 * in a {@code finally}, so {@link #getDefault()} returns exactly that directory's factory (its
 * trust store, its counter) and nothing leaks to another directory or a later connection. Outside
 * such a call {@code getDefault()} fails rather than fall back to trusting the JDK's CAs.
 *
 * <p>TLS sockets get endpoint identification {@code "LDAPS"} (RFC 6125 host-name checks), whatever
 * the JDK's {@code com.sun.jndi.ldap.object.disableEndpointIdentification} says.
 */
public final class DirectorySocketFactory extends SocketFactory {

    private static final ThreadLocal<DirectorySocketFactory> CURRENT = new ThreadLocal<>();

    private final SocketFactory delegate;
    private final AtomicInteger opened;

    DirectorySocketFactory(SocketFactory delegate, AtomicInteger opened) {
        this.delegate = delegate;
        this.opened = opened;
    }

    /** Called by JNDI, by reflection, while {@link DirectoryClient} opens a connection. */
    public static SocketFactory getDefault() {
        DirectorySocketFactory f = CURRENT.get();
        if (f == null) {
            throw new IllegalStateException("DirectorySocketFactory is used only while certmap opens a directory connection");
        }
        return f;
    }

    /** Makes {@code factory} the one JNDI gets on this thread; pass null to clear. */
    static void use(DirectorySocketFactory factory) {
        if (factory == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(factory);
        }
    }

    private Socket counted(Socket s) throws IOException {
        opened.incrementAndGet();
        if (s instanceof SSLSocket ssl) {
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("LDAPS");
            ssl.setSSLParameters(p);
        }
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return counted(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        // Unconnected first, so endpoint identification is set before the handshake starts.
        Socket s = counted(delegate.createSocket());
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = counted(delegate.createSocket());
        s.bind(new java.net.InetSocketAddress(localHost, localPort));
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = counted(delegate.createSocket());
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = counted(delegate.createSocket());
        s.bind(new java.net.InetSocketAddress(localAddress, localPort));
        s.connect(new java.net.InetSocketAddress(address, port));
        return s;
    }
}
