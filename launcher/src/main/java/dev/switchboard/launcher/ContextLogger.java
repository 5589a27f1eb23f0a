package dev.switchboard.launcher;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.DefaultLoggingEvent;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that writes through slf4j-simple's (same levels, same format) with the line's context appended:
 * {@code [traceId=… connector=id@version]} from the MDC keys {@code traceId}, {@code connector} and
 * {@code connector.version}; and hands each line, with all its MDC values and the id of the bundle that asked for the
 * logger ({@code bundle.id}), to the {@link LogSinks}.
 */
final class ContextLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient Logger delegate;
    private final transient ThreadMdc mdc;
    /** The id of the bundle that asked for this logger, {@code null} for the launcher's. */
    private final String bundleId;

    ContextLogger(Logger delegate, ThreadMdc mdc, String bundleId) {
        this.delegate = delegate;
        this.mdc = mdc;
        this.bundleId = bundleId;
        this.name = delegate.getName();
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        Map<String, String> context = mdc.current();
        String line = context.isEmpty() ? message : message + suffix(context);
        switch (level) {
            case ERROR -> delegate.error(line, throwable);
            case WARN -> delegate.warn(line, throwable);
            case INFO -> delegate.info(line, throwable);
            case DEBUG -> delegate.debug(line, throwable);
            default -> delegate.trace(line, throwable);
        }
        if (LogSinks.any()) {
            DefaultLoggingEvent event = new DefaultLoggingEvent(level, this);
            event.setMessage(message);
            event.setThrowable(throwable);
            event.setTimeStamp(System.currentTimeMillis());
            context.forEach(event::addKeyValue);
            if (bundleId != null && !context.containsKey(OsgiLogForwarder.BUNDLE_KEY)) {
                event.addKeyValue(OsgiLogForwarder.BUNDLE_KEY, bundleId);
            }
            LogSinks.publish(event);
        }
    }

    static String suffix(Map<String, String> context) {
        String trace = context.get("traceId");
        String connector = context.get("connector");
        if (trace == null && connector == null) {
            return "";
        }
        StringBuilder suffix = new StringBuilder(" [");
        if (trace != null) {
            suffix.append("traceId=").append(trace);
        }
        if (connector != null) {
            if (trace != null) {
                suffix.append(' ');
            }
            suffix.append("connector=").append(connector);
            String version = context.get("connector.version");
            if (version != null) {
                suffix.append('@').append(version);
            }
        }
        return suffix.append(']').toString();
    }
}
