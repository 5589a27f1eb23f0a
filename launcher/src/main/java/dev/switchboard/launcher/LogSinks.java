package dev.switchboard.launcher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.event.LoggingEvent;

/**
 * Where {@link ContextLogger} hands every line it writes, besides the console: the {@code java.util.function.Consumer}
 * services registered with {@value #PROPERTY}{@code =true} (the host's per-connector log buffers). Both sides see
 * {@code org.slf4j.event.LoggingEvent} from the system bundle, so no type of the launcher is exported. A sink is called
 * on the thread that logs, with the line's MDC values as key-value pairs; it must be quick and must not throw.
 */
final class LogSinks {

    static final String PROPERTY = "switchboard.log.sink";

    private static final List<Consumer<LoggingEvent>> SINKS = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<Boolean> PUBLISHING = new ThreadLocal<>();

    private LogSinks() {}

    static boolean any() {
        return !SINKS.isEmpty();
    }

    static void publish(LoggingEvent event) {
        if (PUBLISHING.get() != null) {
            return; // a sink that logs must not loop
        }
        PUBLISHING.set(Boolean.TRUE);
        try {
            for (Consumer<LoggingEvent> sink : SINKS) {
                try {
                    sink.accept(event);
                } catch (RuntimeException | LinkageError e) {
                    // a failing sink loses its line, never the caller's
                }
            }
        } finally {
            PUBLISHING.remove();
        }
    }

    /** Follows the sink services of the framework; closed with it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ServiceTracker<?, ?> track(BundleContext context) throws InvalidSyntaxException {
        Filter filter =
                context.createFilter("(&(objectClass=" + Consumer.class.getName() + ")(" + PROPERTY + "=true))");
        ServiceTracker tracker = new ServiceTracker<Object, Consumer<LoggingEvent>>(context, filter, null) {
            @Override
            public Consumer<LoggingEvent> addingService(ServiceReference<Object> reference) {
                Object service = context.getService(reference);
                if (!(service instanceof Consumer)) {
                    context.ungetService(reference);
                    return null;
                }
                Consumer<LoggingEvent> sink = (Consumer<LoggingEvent>) service;
                SINKS.add(sink);
                return sink;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Consumer<LoggingEvent> sink) {
                SINKS.remove(sink);
                context.ungetService(reference);
            }
        };
        tracker.open(true);
        return tracker;
    }
}
