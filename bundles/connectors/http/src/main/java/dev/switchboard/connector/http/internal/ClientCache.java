package dev.switchboard.connector.http.internal;

import java.lang.reflect.Method;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link HttpClient} per distinct connection, least recently used dropped beyond a bound. Clients keep their
 * pooled connections, so callers with the same connection reuse them, and callers with different credentials never
 * share one.
 * <p>
 * A client cannot be closed on Java 17; on Java 21 and later a dropped client is shut down (in-flight exchanges
 * finish), and {@link #close()} shuts every client down at once.
 */
final class ClientCache implements AutoCloseable {

    private static final Method SHUTDOWN = lookup("shutdown");
    private static final Method SHUTDOWN_NOW = lookup("shutdownNow");

    private final Duration connectTimeout;
    private final Map<HttpConnection, HttpClient> clients;
    private boolean closed;

    ClientCache(int maxClients, Duration connectTimeout) {
        int bound = Math.max(1, maxClients);
        this.connectTimeout = connectTimeout;
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<HttpConnection, HttpClient> eldest) {
                if (super.size() > bound) { // the map's size, not the cache's
                    invoke(SHUTDOWN, eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    /** The client for this connection, created on first use. */
    synchronized HttpClient clientFor(HttpConnection connection) {
        if (closed) {
            throw new IllegalStateException("the HTTP connector is stopping");
        }
        return clients.computeIfAbsent(connection, c -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    // never: a redirect to another host must not receive the connection's credentials
                    .followRedirects(HttpClient.Redirect.NEVER);
            ProxySelector proxies = ProxySelector.getDefault(); // honours -Dhttp(s).proxyHost and nonProxyHosts
            if (proxies != null) {
                builder.proxy(proxies);
            }
            return builder.build();
        });
    }

    synchronized int size() {
        return clients.size();
    }

    @Override
    public void close() {
        List<HttpClient> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(clients.values());
            clients.clear();
        }
        dropped.forEach(client -> invoke(SHUTDOWN_NOW, client));
    }

    private static Method lookup(String name) {
        try {
            return HttpClient.class.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null; // Java 17-20: the client goes when it is no longer referenced
        }
    }

    private static void invoke(Method method, HttpClient client) {
        if (method == null) {
            return;
        }
        try {
            method.invoke(client);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // dropping the reference is all that is left to do
        }
    }
}
