package org.certmap.engine.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** Test helpers: an in-test HTTP server on a free port, a raw socket server, a clock tests move. */
final class HttpTestSupport {

    private HttpTestSupport() {
    }


    /** The JDK's HTTP server on 127.0.0.1, port 0, with a thread per exchange (handlers may hang). */
    static final class Server implements AutoCloseable {
        final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http-server");
            t.setDaemon(true);
            return t;
        });

        Server() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setExecutor(threads);
            server.start();
        }

        /** Adds a handler; returns a counter of the exchanges it saw. */
        AtomicInteger handle(String path, HttpHandler handler) {
            AtomicInteger hits = new AtomicInteger();
            server.createContext(path, exchange -> {
                hits.incrementAndGet();
                try {
                    handler.handle(exchange);
                } finally {
                    exchange.close();
                }
            });
            return hits;
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /**
     * A server that writes {@code head} then {@code bodyBytes} bytes of 'x' to every connection,
     * whatever was asked: for framing the JDK's server will not produce (a Content-Length that lies,
     * a body that ends only at close).
     */
    static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;

        RawServer(String head, int bodyBytes) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        connections.incrementAndGet();
                        readHead(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        out.write(head.getBytes(StandardCharsets.US_ASCII));
                        byte[] chunk = new byte[8192];
                        java.util.Arrays.fill(chunk, (byte) 'x');
                        for (int left = bodyBytes; left > 0; left -= chunk.length) {
                            out.write(chunk, 0, Math.min(left, chunk.length));
                        }
                        out.flush();
                    } catch (IOException e) {
                        // the client hung up early (what a capped read does), or the socket closed
                    }
                }
            }, "test-raw-server");
            thread.setDaemon(true);
            thread.start();
        }

        private static void readHead(InputStream in) throws IOException {
            int state = 0;
            int b;
            while (state < 4 && (b = in.read()) >= 0) {
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : 0;
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }
}
