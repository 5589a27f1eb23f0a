package dev.switchboard.host.internal.logging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.LoggingEvent;

import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.ConnectorLogLine;
import dev.switchboard.host.api.ConnectorLogs;

/**
 * Keeps the recent log lines of each connector. The launcher's SLF4J provider hands every line it writes to the
 * {@code Consumer<LoggingEvent>} services with {@code switchboard.log.sink=true}, on the thread that logs, with the
 * MDC values as key-value pairs: a line with {@link ConnectorLogContext#CONNECTOR} is the connector's (an invocation,
 * a trigger binding, a delivery, and everything the connector logs meanwhile); an OSGi LogService entry arrives with
 * {@code bundle.id} (set by the launcher's forwarder) and is the connector's whose bundle logged it.
 */
@Component(
        service = {ConnectorLogs.class, Consumer.class},
        property = "switchboard.log.sink=true",
        configurationPid = ConnectorLogBuffer.PID)
@Designate(ocd = LogBufferConfiguration.class)
public final class ConnectorLogBuffer implements ConnectorLogs, Consumer<LoggingEvent> {

    public static final String PID = "dev.switchboard.host.logs";
    static final String BUNDLE_KEY = "bundle.id";
    private static final int MAX_MESSAGE = 8_000;

    private final ConnectorCatalog catalog;
    private final Map<String, LineRing> rings = new ConcurrentHashMap<>();
    private volatile int capacity;

    @Activate
    public ConnectorLogBuffer(@Reference ConnectorCatalog catalog, LogBufferConfiguration config) {
        this.catalog = catalog;
        this.capacity = Math.max(1, config.lines_per_connector());
    }

    @Modified
    void modified(LogBufferConfiguration config) {
        capacity = Math.max(1, config.lines_per_connector());
        rings.values().forEach(ring -> ring.capacity(capacity));
    }

    @Override
    public void accept(LoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty()) {
            return;
        }
        String connector = null;
        String version = null;
        String traceId = null;
        String bundle = null;
        for (KeyValuePair pair : pairs) {
            String value = pair.value == null ? null : pair.value.toString();
            switch (pair.key) {
                case ConnectorLogContext.CONNECTOR -> connector = value;
                case ConnectorLogContext.VERSION -> version = value;
                case ConnectorLogContext.TRACE_ID -> traceId = value;
                case BUNDLE_KEY -> bundle = value;
                default -> {
                    // other MDC values are not ours
                }
            }
        }
        if (connector == null && bundle != null) {
            ConnectorEntry entry = byBundle(bundle);
            if (entry != null) {
                connector = entry.id();
                version = entry.version();
            }
        }
        if (connector == null) {
            return;
        }
        record(
                connector,
                new ConnectorLogLine(
                        Instant.ofEpochMilli(event.getTimeStamp()),
                        level(event),
                        event.getLoggerName() == null ? "" : event.getLoggerName(),
                        message(event),
                        version,
                        traceId));
    }

    void record(String connector, ConnectorLogLine line) {
        rings.computeIfAbsent(connector, id -> new LineRing(capacity)).add(line);
    }

    @Override
    public List<ConnectorLogLine> lines(String connectorId, Instant since, ConnectorLogLine.Level minimum) {
        LineRing ring = rings.get(connectorId);
        return ring == null ? List.of() : ring.select(since, minimum);
    }

    private ConnectorEntry byBundle(String bundleId) {
        long id;
        try {
            id = Long.parseLong(bundleId);
        } catch (NumberFormatException e) {
            return null;
        }
        for (ConnectorEntry entry : catalog.snapshot().connectors()) {
            if (entry.bundle() != null && entry.bundle().id() == id) {
                return entry;
            }
        }
        return null;
    }

    private static ConnectorLogLine.Level level(LoggingEvent event) {
        return event.getLevel() == null
                ? ConnectorLogLine.Level.INFO
                : ConnectorLogLine.Level.parse(event.getLevel().name()).orElse(ConnectorLogLine.Level.INFO);
    }

    private static String message(LoggingEvent event) {
        String message = event.getMessage() == null ? "" : event.getMessage();
        Throwable failure = event.getThrowable();
        if (failure != null) {
            message = message + " (" + failure + ")";
        }
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    }
}
