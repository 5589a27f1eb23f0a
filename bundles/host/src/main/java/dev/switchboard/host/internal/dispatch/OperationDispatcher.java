package dev.switchboard.host.internal.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.networknt.schema.JsonSchema;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.internal.DaemonThreadFactory;
import dev.switchboard.host.internal.catalog.ConnectorRegistry;
import dev.switchboard.host.internal.catalog.ProviderRegistration;
import dev.switchboard.host.internal.catalog.RegistryView;
import dev.switchboard.host.internal.schema.SchemaCompiler;

/**
 * Invokes connector operations: resolves the connector version and operation in the current catalog, checks the
 * inputs and the required connection parameters, then calls the provider on a bounded pool with a timeout.
 * <p>
 * The provider is never called on the caller's thread, because a connector that blocks in
 * {@code invokeOperation} instead of returning a pending stage would otherwise hold an HTTP thread past the timeout.
 * The timeout runs from the moment the call is accepted, so time spent waiting for a pool thread counts too.
 * Messages and logs name connection parameters, never their values.
 */
@Component(service = OperationInvoker.class, configurationPid = OperationDispatcher.PID)
@Designate(ocd = DispatcherConfiguration.class)
public final class OperationDispatcher implements OperationInvoker {

    public static final String PID = "dev.switchboard.host.dispatcher";

    private static final Logger LOG = LoggerFactory.getLogger(OperationDispatcher.class);

    private final ConnectorRegistry registry;
    private final long timeoutMs;
    private final int maxThreads;
    private final int queueCapacity;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timeouts;
    /** Answers not yet given, so that deactivation can still give one. */
    private final Set<CompletableFuture<ServiceOperationResponse>> pending = ConcurrentHashMap.newKeySet();

    @Activate
    public OperationDispatcher(@Reference ConnectorRegistry registry, DispatcherConfiguration config) {
        this(registry, config.invoke_timeout_ms(), config.max_threads(), config.queue_capacity());
    }

    OperationDispatcher(ConnectorRegistry registry, long timeoutMs, int maxThreads, int queueCapacity) {
        this.registry = registry;
        this.timeoutMs = Math.max(1, timeoutMs);
        this.maxThreads = Math.max(1, maxThreads);
        this.queueCapacity = Math.max(0, queueCapacity);
        BlockingQueue<Runnable> queue = this.queueCapacity == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(this.queueCapacity);
        this.workers = new ThreadPoolExecutor(this.maxThreads, this.maxThreads, 60, TimeUnit.SECONDS, queue,
                new DaemonThreadFactory("switchboard-invoke"));
        this.workers.allowCoreThreadTimeOut(true);
        this.timeouts = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("switchboard-invoke-timeout"));
        this.timeouts.setRemoveOnCancelPolicy(true);
    }

    @Deactivate
    void deactivate() {
        workers.shutdownNow();
        timeouts.shutdownNow();
        InvocationException stopping = new InvocationException(503, "ShuttingDown",
                "The host is stopping; the call was abandoned");
        for (CompletableFuture<ServiceOperationResponse> answer : List.copyOf(pending)) {
            answer.completeExceptionally(stopping);
        }
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invoke(Invocation invocation) {
        try {
            Target target = resolve(invocation);
            checkInputs(target, invocation);
            checkConnection(target, invocation.connection());
            return call(target, invocation);
        } catch (InvocationException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            LOG.error("Could not dispatch operation {} of connector {}", invocation.operationId(),
                    invocation.connectorId(), e);
            return CompletableFuture.failedFuture(new InvocationException(500, "InternalError",
                    "The host could not dispatch the call: " + InvocationFailures.describe(e), List.of(), e));
        }
    }

    /** The connector version, its provider and the operation, or the reason there is none. */
    private record Target(ConnectorEntry entry, ProviderRegistration registration, ServiceOperation operation) {

        String label() {
            return "Operation " + operation.name() + " of connector " + entry.id() + "@" + entry.version();
        }
    }

    private Target resolve(Invocation invocation) {
        RegistryView view = registry.view();
        CatalogSnapshot snapshot = view.snapshot();
        String id = invocation.connectorId();
        String spec = invocation.version();
        List<ConnectorEntry> versions = snapshot.versionsOf(id);
        if (versions.isEmpty()) {
            throw InvocationFailures.failure(404, "ConnectorNotFound", "Connector '" + id + "' is not registered",
                    List.of());
        }
        try {
            CatalogSnapshot.matches(spec, Version.emptyVersion);
        } catch (IllegalArgumentException e) {
            throw InvocationFailures.failure(400, "InvalidVersion", "'" + spec + "' is neither a version (1.2.0) "
                    + "nor a version range ([1.0,2.0)): " + e.getMessage(), List.of());
        }
        List<ConnectorEntry> matching = versions.stream()
                .filter(e -> CatalogSnapshot.matches(spec, e.osgiVersion())).toList();
        if (matching.isEmpty()) {
            throw InvocationFailures.failure(404, "VersionNotFound", "Connector '" + id + "' has no version matching '"
                    + spec + "'; available versions: " + String.join(", ", distinctVersions(versions)), List.of());
        }
        ConnectorEntry entry = snapshot.select(id, spec, true).orElse(null);
        if (entry == null) {
            throw unavailable(matching.get(0));
        }
        ProviderRegistration registration = view.registration(entry);
        if (registration == null) {
            throw unavailable(entry); // cannot happen with a consistent view; answer as if it had just gone
        }
        ServiceOperation operation = entry.operation(invocation.operationId());
        if (operation == null) {
            throw InvocationFailures.failure(404, "OperationNotFound", "Connector " + id + "@" + entry.version()
                    + " has no operation '" + invocation.operationId() + "'", List.of());
        }
        if (operation.isTrigger()) {
            throw InvocationFailures.failure(400, "NotAnAction", "Operation " + operation.name() + " of connector "
                    + id + "@" + entry.version() + " is a trigger; only actions can be invoked", List.of());
        }
        return new Target(entry, registration, operation);
    }

    private static List<String> distinctVersions(List<ConnectorEntry> versions) {
        return versions.stream().map(ConnectorEntry::version).distinct().toList();
    }

    private static InvocationException unavailable(ConnectorEntry entry) {
        String label = "Connector " + entry.id() + "@" + entry.version() + " is " + entry.state();
        String message = entry.state() == ConnectorState.LOADING
                ? label + ": its operations are still being read; try again shortly"
                : label + (entry.reason() != null ? ": " + entry.reason() : "");
        return InvocationFailures.failure(503, "ConnectorUnavailable", message, List.of());
    }

    private static void checkInputs(Target target, Invocation invocation) {
        JsonSchema schema = target.registration().inputSchema(target.operation().name());
        if (schema == null) {
            return;
        }
        List<ErrorDetail> problems = SchemaCompiler.validate(schema, invocation.request().parameters());
        if (!problems.isEmpty()) {
            throw InvocationFailures.failure(400, "InvalidInput", "The inputs of " + target.label()
                    + " do not match its inputs schema", problems);
        }
    }

    private static void checkConnection(Target target, ConnectionParameters connection) {
        if (target.entry().service() == null) {
            return;
        }
        List<ErrorDetail> missing = new ArrayList<>();
        for (Map.Entry<String, ConnectionParameter> declared
                : target.entry().service().properties().connectionParameters().entrySet()) {
            if (declared.getValue() == null || !declared.getValue().required()) {
                continue;
            }
            String value = connection.getString(declared.getKey());
            if (value == null || value.isBlank()) {
                missing.add(new ErrorDetail(declared.getKey(), "The connection parameter '" + declared.getKey()
                        + "' is required but was not provided."));
            }
        }
        if (!missing.isEmpty()) {
            throw InvocationFailures.failure(400, "MissingConnectionParameter", "Connector "
                    + target.entry().id() + "@" + target.entry().version() + " needs the connection parameter(s) "
                    + String.join(", ", missing.stream().map(ErrorDetail::target).toList()), missing);
        }
    }

    private CompletionStage<ServiceOperationResponse> call(Target target, Invocation invocation) {
        CompletableFuture<ServiceOperationResponse> answer = new CompletableFuture<>();
        ProviderRegistration registration = target.registration();
        // in flight until the caller has an answer: at the latest when the timeout fires
        registration.acquire();
        pending.add(answer);
        answer.whenComplete((response, failure) -> {
            registration.release();
            pending.remove(answer);
        });
        AtomicReference<Future<?>> task = new AtomicReference<>();
        ScheduledFuture<?> timer;
        try {
            timer = timeouts.schedule(() -> timedOut(target, answer, task.get()), timeoutMs, TimeUnit.MILLISECONDS);
            answer.whenComplete((response, failure) -> timer.cancel(false));
            task.set(workers.submit(() -> callProvider(target, invocation, answer)));
        } catch (RejectedExecutionException e) {
            InvocationException busy = workers.isShutdown()
                    ? new InvocationException(503, "ShuttingDown", "The host is stopping; try again later")
                    : new InvocationException(503, "Busy", "All " + maxThreads + " connector threads are busy and "
                    + queueCapacity + " calls are waiting; try again later");
            answer.completeExceptionally(busy);
            LOG.warn("{} was refused: {}", target.label(), busy.getMessage());
        }
        return answer.minimalCompletionStage();
    }

    private void timedOut(Target target, CompletableFuture<ServiceOperationResponse> answer, Future<?> task) {
        String message = target.label() + " did not complete within " + timeoutMs + " ms";
        if (answer.completeExceptionally(new InvocationException(504, "Timeout", message))) {
            LOG.warn("{}", message);
            if (task != null) {
                task.cancel(true); // frees the thread if the connector is blocked in invokeOperation itself
            }
        }
    }

    private void callProvider(Target target, Invocation invocation,
                              CompletableFuture<ServiceOperationResponse> answer) {
        if (answer.isDone()) {
            return; // timed out while waiting for a thread
        }
        CompletionStage<ServiceOperationResponse> stage;
        try {
            stage = target.registration().provider().invokeOperation(target.operation().name(),
                    invocation.connection(), invocation.request());
        } catch (RuntimeException | LinkageError | AssertionError e) {
            complete(target, answer, null, e);
            return;
        }
        if (stage == null) {
            fail(target, answer, InvocationFailures.connectorError(target.label() + " returned no result "
                    + "(invokeOperation returned null instead of a CompletionStage)"));
            return;
        }
        try {
            stage.whenComplete((response, failure) -> complete(target, answer, response, failure));
        } catch (RuntimeException e) {
            complete(target, answer, null, e);
        }
    }

    private static void complete(Target target, CompletableFuture<ServiceOperationResponse> answer,
                                 ServiceOperationResponse response, Throwable failure) {
        if (failure != null) {
            fail(target, answer, InvocationFailures.fromConnector(failure));
        } else if (response == null) {
            fail(target, answer, InvocationFailures.connectorError(target.label()
                    + " completed without a response (null ServiceOperationResponse)"));
        } else {
            answer.complete(response);
        }
    }

    private static void fail(Target target, CompletableFuture<ServiceOperationResponse> answer,
                             InvocationException failure) {
        if (answer.completeExceptionally(failure)) {
            if (failure.status() >= 500) {
                LOG.warn("{} failed with {} {}: {}", target.label(), failure.status(), failure.code(),
                        failure.getMessage());
            } else {
                LOG.debug("{} failed with {} {}: {}", target.label(), failure.status(), failure.code(),
                        failure.getMessage());
            }
        }
    }
}
