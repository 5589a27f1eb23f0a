package dev.switchboard.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Forwards OSGi log entries (FileInstall's installs and updates, SCR's component errors, Jetty's start) to SLF4J, so
 * they appear in the launcher's output under the short name of the bundle that logged them. Like
 * {@link ConfigurationApplier} it reaches the service reflectively: LogListener is implemented by a proxy of the
 * interface loaded from the log bundle. Entries of the framework's own event logging ("Events.*") and debug entries
 * are dropped.
 */
final class OsgiLogForwarder implements InvocationHandler {
    private static final String LOG_READER = "org.osgi.service.log.LogReaderService";
    private static final String LOG_LISTENER = "org.osgi.service.log.LogListener";
    private static final String LOG_ENTRY = "org.osgi.service.log.LogEntry";
    private static final Logger LOG = LoggerFactory.getLogger(OsgiLogForwarder.class);
    /** MDC key of the id of the bundle whose OSGi log entry is forwarded. */
    static final String BUNDLE_KEY = "bundle.id";

    private final BundleContext context;
    private boolean attached;
    private volatile Class<?> entryType;

    OsgiLogForwarder(BundleContext context) {
        this.context = context;
    }

    /** Attaches to the log reader once it is there; later calls do nothing. */
    void attachIfAvailable() {
        if (attached) {
            return;
        }
        ServiceReference<?> reference = context.getServiceReference(LOG_READER);
        if (reference == null) {
            return;
        }
        try {
            Bundle provider = reference.getBundle();
            Class<?> readerType = provider.loadClass(LOG_READER);
            Class<?> listenerType = provider.loadClass(LOG_LISTENER);
            entryType = provider.loadClass(LOG_ENTRY);
            Object listener =
                    Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, this);
            readerType.getMethod("addLogListener", listenerType).invoke(context.getService(reference), listener);
            attached = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("OSGi log entries will not be shown: cannot listen to the log service ({})", e.toString());
            attached = true;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "logged":
                forward(args[0]);
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "OsgiLogForwarder";
            default:
                return null;
        }
    }

    private void forward(Object entry) {
        try {
            Class<?> type = entryType;
            String loggerName = String.valueOf(call(type, entry, "getLoggerName"));
            if (loggerName.startsWith("Events.")) {
                return;
            }
            int level = ((Number) call(type, entry, "getLevel")).intValue();
            Bundle bundle = (Bundle) call(type, entry, "getBundle");
            String message = String.valueOf(call(type, entry, "getMessage"));
            Throwable exception = (Throwable) call(type, entry, "getException");
            Logger logger = LoggerFactory.getLogger(
                    bundle == null || bundle.getSymbolicName() == null ? "osgi" : bundle.getSymbolicName());
            // the bundle that logged, for the host's per-connector log buffers (LogSinks)
            if (bundle != null) {
                MDC.put(BUNDLE_KEY, Long.toString(bundle.getBundleId()));
            }
            try {
                switch (level) {
                    case 1:
                        logger.error(message, exception);
                        break;
                    case 2:
                        logger.warn(message, exception);
                        break;
                    case 3:
                        logger.info(message, exception);
                        break;
                    default:
                        logger.debug(message, exception);
                        break;
                }
            } finally {
                MDC.remove(BUNDLE_KEY);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Cannot forward a log entry", e);
        }
    }

    private static Object call(Class<?> type, Object target, String method) throws ReflectiveOperationException {
        // through the public LogEntry interface: the entry's own class is private to the log bundle
        return type.getMethod(method).invoke(target);
    }
}
