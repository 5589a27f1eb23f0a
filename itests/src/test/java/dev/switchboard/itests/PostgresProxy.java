package dev.switchboard.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of PostgreSQL (or any TCP server), so a test can take the database away from the
 * processes that reach it through {@link #port()} while it can still reach the database itself directly:
 * <ul>
 * <li>{@link #cut()}: every open connection is reset (RST) and new ones are accepted and reset at once: PostgreSQL
 * stopped, or a firewall rejecting;</li>
 * <li>{@link #blackhole()}: open connections stay open but no byte passes any more, and new ones are accepted and
 * never answered: a network that drops packets (the case where a client without timeouts hangs);</li>
 * <li>{@link #restore()}: new connections are forwarded again (the dead ones stay dead, as after a real outage).</li>
 * </ul>
 * Plain JDK sockets, one daemon thread per direction of each connection (Java 17: no virtual threads).
 */
final class PostgresProxy implements AutoCloseable {

    enum Mode {
        FORWARD,
        CUT,
        BLACKHOLE
    }

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;

    private PostgresProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon("postgres-proxy-accept", this::acceptLoop);
    }

    /** A proxy on a free loopback port forwarding to {@code host:port}. */
    static PostgresProxy to(String host, int port) throws IOException {
        return new PostgresProxy(new InetSocketAddress(host, port));
    }

    /** A proxy for the host and port of a {@code jdbc:postgresql://host:port/db} URL (port 5432 when absent). */
    static PostgresProxy forJdbcUrl(String jdbcUrl) throws IOException {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        String authority = rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
        int colon = authority.lastIndexOf(':');
        return colon < 0
                ? to(authority, 5432)
                : to(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
    }

    /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
    String rewrite(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int slash = rest.indexOf('/');
        return "jdbc:postgresql://127.0.0.1:" + port() + (slash < 0 ? "/" : rest.substring(slash));
    }

    int port() {
        return server.getLocalPort();
    }

    Mode mode() {
        return mode;
    }

    /** Connections accepted so far (forwarded or not). */
    long accepted() {
        return accepted.get();
    }

    /** Connections open through the proxy now (each counts its two sockets once). */
    int openConnections() {
        return open.size() / 2;
    }

    /** Resets every open connection and every new one until {@link #restore()}. */
    void cut() {
        mode = Mode.CUT;
        for (Socket socket : open) {
            reset(socket);
        }
        open.clear();
    }

    /** Lets no byte through any more, on open connections and new ones, until {@link #restore()}. */
    void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Forwards new connections again. Connections open during a black hole are reset (their bytes were lost). */
    void restore() {
        if (mode == Mode.BLACKHOLE) {
            for (Socket socket : open) {
                reset(socket);
            }
            open.clear();
        }
        mode = Mode.FORWARD;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(PostgresProxy::reset);
        open.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            daemon("postgres-proxy-connect", () -> connect(client));
        }
    }

    private void connect(Socket client) {
        Mode now = mode;
        if (now == Mode.CUT) {
            reset(client);
            return;
        }
        if (now == Mode.BLACKHOLE) {
            open.add(client); // held open, never answered, reset by restore() or close()
            return;
        }
        Socket upstream = new Socket();
        try {
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            upstream.connect(target, 5_000);
        } catch (IOException e) {
            reset(client);
            reset(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (mode == Mode.CUT) { // cut while this one was connecting
            reset(client);
            reset(upstream);
            return;
        }
        daemon("postgres-proxy-up", () -> pump(client, upstream));
        daemon("postgres-proxy-down", () -> pump(upstream, client));
    }

    /** Copies bytes from one socket to the other while forwarding; in a black hole, reads and drops them. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (mode != Mode.FORWARD) {
                    if (mode == Mode.CUT) {
                        break;
                    }
                    continue; // black hole: the bytes are lost
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // reset or closed: the other side goes too
        }
        if (mode != Mode.BLACKHOLE) {
            reset(from);
            reset(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with RST rather than FIN: what the client sees when the server's host refuses or dies. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                if (socket.isConnected()) {
                    socket.setSoLinger(true, 0);
                }
                socket.close();
            }
        } catch (SocketException ignored) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        } catch (IOException ignored) {
            // already gone
        }
    }
}
