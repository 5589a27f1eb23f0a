package dev.switchboard.launcher;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the launcher's classpath, and so of every bundle (they import {@code org.slf4j} from the
 * system bundle): slf4j-simple's output and configuration ({@code org.slf4j.simpleLogger.*}), plus an MDC that works
 * (slf4j-simple's is a no-op) and whose trace and connector values are appended to each line, plus the
 * {@link LogSinks} that the host's per-connector log buffers listen on. Chosen with {@code -Dslf4j.provider} by
 * {@link Main}, so SLF4J does not pick between two providers on the classpath.
 */
public final class ContextLogging implements SLF4JServiceProvider {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final SimpleServiceProvider simple = new SimpleServiceProvider();
    private final ThreadMdc mdc = new ThreadMdc();
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private volatile ILoggerFactory factory;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return simple.getMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        simple.initialize();
        ILoggerFactory delegate = simple.getLoggerFactory();
        factory = name -> {
            String bundle = callerBundle();
            String key = bundle == null ? name : name + '\n' + bundle;
            return loggers.computeIfAbsent(key, k -> new ContextLogger(delegate.getLogger(name), mdc, bundle));
        };
    }

    /**
     * The id of the bundle whose class asks for a logger ({@code null} for the launcher's own classes), so that a line
     * logged outside any call (on a thread the connector started itself, in its activation) still names its bundle:
     * the per-connector log buffers attribute it by that. Found once per {@code getLogger}, not per line; two
     * versions of one connector, with the same logger names, get a logger each.
     */
    static String callerBundle() {
        Class<?> caller = WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !c.getName().startsWith("org.slf4j.")
                        && !c.getName().startsWith(ContextLogging.class.getName()))
                .findFirst()
                .orElse(null));
        Bundle bundle = caller == null ? null : FrameworkUtil.getBundle(caller);
        return bundle == null ? null : Long.toString(bundle.getBundleId());
    }
}
