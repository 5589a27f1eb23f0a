package dev.switchboard.launcher;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
        factory = name -> loggers.computeIfAbsent(name, n -> new ContextLogger(delegate.getLogger(n), mdc));
    }
}
