package dev.switchboard.host.internal.logging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.slf4j.event.DefaultLoggingEvent;
import org.slf4j.event.Level;
import org.slf4j.helpers.NOPLogger;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorLogLine;
import dev.switchboard.host.api.ConnectorState;

public class ConnectorLogBufferTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final ConnectorLogBuffer buffer = new ConnectorLogBuffer(
            () -> new CatalogSnapshot(
                    1,
                    List.of(new ConnectorEntry(
                            "file",
                            "2.0.0",
                            ConnectorState.ACTIVE,
                            null,
                            null,
                            List.of(),
                            new BundleInfo(42, "dev.switchboard.connector-file", "2.0.0", "file:/x.jar")))),
            config(3));

    private static LogBufferConfiguration config(int lines) {
        return new LogBufferConfiguration() {
            @Override
            public int lines_per_connector() {
                return lines;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return LogBufferConfiguration.class;
            }
        };
    }

    private static DefaultLoggingEvent event(Level level, String message, long at, Map<String, String> mdc) {
        DefaultLoggingEvent event = new DefaultLoggingEvent(level, NOPLogger.NOP_LOGGER);
        event.setMessage(message);
        event.setTimeStamp(at);
        mdc.forEach(event::addKeyValue);
        return event;
    }

    @Test
    public void aLineWithTheConnectorInItsContextIsFiledUnderItWithVersionAndTrace() {
        buffer.accept(event(
                Level.INFO,
                "Greeting Ada",
                1000,
                Map.of("connector", "greeter", "connector.version", "1.0.0", "traceId", TRACE)));
        buffer.accept(event(Level.INFO, "unrelated", 1000, Map.of()));

        List<ConnectorLogLine> lines = buffer.lines("greeter", null, null);
        assertEquals(1, lines.size());
        assertEquals("Greeting Ada", lines.get(0).message());
        assertEquals("1.0.0", lines.get(0).version());
        assertEquals(TRACE, lines.get(0).traceId());
        assertEquals(ConnectorLogLine.Level.INFO, lines.get(0).level());
        assertTrue(buffer.lines("file", null, null).isEmpty());
    }

    @Test
    public void anOsgiLogEntryIsFiledUnderTheConnectorOfTheBundleThatLoggedIt() {
        buffer.accept(event(Level.WARN, "folder gone", 1000, Map.of("bundle.id", "42")));
        buffer.accept(event(Level.WARN, "another bundle", 1000, Map.of("bundle.id", "7")));

        List<ConnectorLogLine> lines = buffer.lines("file", null, null);
        assertEquals(1, lines.size());
        assertEquals("2.0.0", lines.get(0).version());
        assertNull(lines.get(0).traceId());
    }

    @Test
    public void linesAreSelectedBySinceAndLevelAndTheOldestGoFirst() {
        Map<String, String> greeter = Map.of("connector", "greeter");
        buffer.accept(event(Level.DEBUG, "one", 1000, greeter));
        buffer.accept(event(Level.WARN, "two", 2000, greeter));
        buffer.accept(event(Level.INFO, "three", 3000, greeter));
        buffer.accept(event(Level.ERROR, "four", 4000, greeter));

        assertEquals(List.of("two", "three", "four"), messages(buffer.lines("greeter", null, null)));
        assertEquals(List.of("three", "four"), messages(buffer.lines("greeter", Instant.ofEpochMilli(3000), null)));
        assertEquals(List.of("two", "four"), messages(buffer.lines("greeter", null, ConnectorLogLine.Level.WARN)));

        buffer.modified(config(1));
        assertEquals(List.of("four"), messages(buffer.lines("greeter", null, null)));
    }

    private static List<String> messages(List<ConnectorLogLine> lines) {
        return lines.stream().map(ConnectorLogLine::message).toList();
    }
}
