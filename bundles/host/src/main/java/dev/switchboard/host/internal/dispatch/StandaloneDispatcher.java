package dev.switchboard.host.internal.dispatch;

import java.util.concurrent.CompletionStage;

import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationListener;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.internal.catalog.ConnectorRegistry;

/**
 * The real {@link OperationDispatcher} outside OSGi, for benchmarks and for tests in other modules: built from a
 * registry (see {@code StandaloneCatalog}) and settings instead of DS and ConfigAdmin.
 */
public final class StandaloneDispatcher implements OperationInvoker, AutoCloseable {

    private final OperationDispatcher dispatcher;

    /** See {@link DispatcherConfiguration} for the meaning of the settings. */
    public StandaloneDispatcher(
            ConnectorRegistry registry, long timeoutMs, int maxThreads, int queueCapacity, long swapWaitMs) {
        this(registry, timeoutMs, maxThreads, queueCapacity, swapWaitMs, 50);
    }

    /** @param nonBlockingLimitMs see {@link DispatcherConfiguration#non_blocking_limit_ms()} */
    public StandaloneDispatcher(
            ConnectorRegistry registry,
            long timeoutMs,
            int maxThreads,
            int queueCapacity,
            long swapWaitMs,
            long nonBlockingLimitMs) {
        this.dispatcher = new OperationDispatcher(registry, new DispatcherConfiguration() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return DispatcherConfiguration.class;
            }

            @Override
            public long invoke_timeout_ms() {
                return timeoutMs;
            }

            @Override
            public int max_threads() {
                return maxThreads;
            }

            @Override
            public int queue_capacity() {
                return queueCapacity;
            }

            @Override
            public long swap_wait_ms() {
                return swapWaitMs;
            }

            @Override
            public long non_blocking_limit_ms() {
                return nonBlockingLimitMs;
            }
        });
    }

    /** Reports every call to {@code listener} (metrics), as DS does when one is registered; null: none. */
    public StandaloneDispatcher listener(InvocationListener listener) {
        dispatcher.listener = listener;
        return this;
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invoke(Invocation invocation) {
        return dispatcher.invoke(invocation);
    }

    @Override
    public void close() {
        dispatcher.deactivate();
    }
}
