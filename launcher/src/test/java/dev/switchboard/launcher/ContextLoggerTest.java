package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

public class ContextLoggerTest {

    @Test
    public void theTraceAndConnectorAreAppendedOnlyWhenSet() {
        Map<String, String> context = new LinkedHashMap<>();
        assertEquals("", ContextLogger.suffix(context));
        context.put("bundle.id", "7");
        assertEquals("", ContextLogger.suffix(context));
        context.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        assertEquals(" [traceId=4bf92f3577b34da6a3ce929d0e0e4736]", ContextLogger.suffix(context));
        context.put("connector", "greeter");
        context.put("connector.version", "1.0.0");
        assertEquals(
                " [traceId=4bf92f3577b34da6a3ce929d0e0e4736 connector=greeter@1.0.0]", ContextLogger.suffix(context));
    }

    @Test
    public void aThreadStartedInsideAContextDoesNotInheritIt() throws Exception {
        ThreadMdc mdc = new ThreadMdc();
        mdc.put("connector", "greeter");
        AtomicReference<String> seen = new AtomicReference<>("unset");
        Thread thread = new Thread(() -> seen.set(mdc.get("connector")));
        thread.start();
        thread.join();
        assertNull(seen.get());
        assertEquals("greeter", mdc.get("connector"));
        mdc.clear();
        assertNull(mdc.get("connector"));
    }
}
