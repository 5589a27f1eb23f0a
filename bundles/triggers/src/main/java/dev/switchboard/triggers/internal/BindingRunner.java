package dev.switchboard.triggers.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionState;
import dev.switchboard.triggers.internal.Resolution.Parked;

/**
 * Starts, restarts (after a connector update) and stops the binding of each subscription, and fixes where a
 * subscription starts. Each subscription is handled under its own {@link SubscriptionRun#lifecycle} lock only, so a
 * binding whose {@code start} or {@code close} is slow (a poller waits for its thread) delays no other subscription,
 * and no caller of {@link dev.switchboard.triggers.api.Subscriptions}.
 */
final class BindingRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BindingRunner.class);
    /** How long a FAILED subscription waits before its binding is tried again on the same target. */
    private static final long FAILED_RETRY_MS = 10_000;

    private final TargetResolver targets;
    private final ConnectionStore connections;
    private final TriggerStore store;
    private final InputSchemas schemas;

    BindingRunner(TargetResolver targets, ConnectionStore connections, TriggerStore store, InputSchemas schemas) {
        this.targets = targets;
        this.connections = connections;
        this.store = store;
        this.schemas = schemas;
    }

    /** Starts, restarts or parks one subscription, as what it runs on now says. */
    void reconcile(SubscriptionRun run) {
        run.lifecycle.lock();
        try {
            if (!run.removed) {
                reconcileLocked(run);
            }
        } finally {
            run.lifecycle.unlock();
        }
    }

    /** Stops the binding when {@code runningOn} says it runs on what went away; the subscription then WAITS. */
    void stopIf(SubscriptionRun run, Predicate<SubscriptionRun> runningOn, String reason) {
        run.lifecycle.lock();
        try {
            if (run.handle != null && runningOn.test(run)) {
                stopBinding(run, reason);
            }
        } finally {
            run.lifecycle.unlock();
        }
    }

    /** Stops the binding for good (the subscription was deleted or the host stops). */
    void remove(SubscriptionRun run, String reason) {
        run.lifecycle.lock();
        try {
            run.removed = true;
            stopBinding(run, reason);
        } finally {
            run.lifecycle.unlock();
        }
    }

    private void reconcileLocked(SubscriptionRun run) {
        Resolution resolved = targets.resolve(run.record);
        if (resolved instanceof Parked parked) {
            park(run, parked.state(), parked.reason());
            return;
        }
        Target target = (Target) resolved;
        String identity = target.identity();
        if (run.handle != null && identity.equals(run.identity)) {
            return;
        }
        String connector = run.record.connector();
        String version = target.entry().version();
        if (run.handle != null) {
            LOG.info(
                    "Subscription {}: {} changed; restarting its trigger on {}@{}",
                    run.id,
                    run.identity,
                    connector,
                    version);
            stopBinding(run, "restarting");
        }
        if (run.state == SubscriptionState.FAILED
                && identity.equals(run.identity)
                && System.currentTimeMillis() < run.retryAt) {
            return;
        }
        ServiceOperation operation = target.operation();
        List<String> problems = schemas.problems(
                operation.manifest() == null ? null : operation.manifest().inputs(), run.record.parameters());
        if (!problems.isEmpty()) {
            fail(
                    run,
                    identity,
                    "the parameters do not match the inputs schema of " + connector + "@" + version + ": "
                            + String.join("; ", problems));
            return;
        }
        if (run.record.start() == null) {
            // created while its binding was away, or before starting positions were stored: fixed now, once
            try {
                fixStart(run, target);
            } catch (InvocationException e) {
                park(run, SubscriptionState.WAITING, e.getMessage());
                return;
            } catch (SubscriptionException e) {
                fail(run, identity, e.getMessage());
                return;
            }
        }
        start(run, target);
    }

    private void start(SubscriptionRun run, Target target) {
        String identity = target.identity();
        // the binding's start and the host's lines about it belong to the connector's log
        try (ConnectorLogContext logContext =
                ConnectorLogContext.open(run.record.connector(), target.entry().version(), null)) {
            RunContext context = new RunContext(run, target, information(run.record, target), store);
            synchronized (run) {
                // ACTIVE before the binding runs: a first poll that fails at once may report FAILING right away
                run.context = context;
                run.state = SubscriptionState.ACTIVE;
                run.reason = null;
            }
            AutoCloseable handle = target.binding().start(context);
            run.handle = handle == null ? () -> {} : handle;
            run.binding = target.binding();
            run.provider = target.provider();
            run.identity = identity;
            run.runningVersion = target.entry().version();
            LOG.info(
                    "Subscription {} ACTIVE on {}@{} ({})",
                    run.id,
                    run.record.connector(),
                    target.entry().version(),
                    target.type());
        } catch (InvocationException e) {
            closeContext(run);
            park(run, SubscriptionState.WAITING, e.getMessage());
        } catch (Exception e) {
            closeContext(run);
            fail(run, identity, "trigger binding '" + target.type() + "' did not start: " + e);
        }
    }

    /**
     * Asks the binding where a subscription starts now.
     *
     * @throws SubscriptionException when the binding cannot read its source now: the subscription is not created
     * @throws InvocationException   when the subscription's named connection cannot be resolved (yet)
     */
    SubscriptionRecord.Start startPosition(SubscriptionRecord record, Target target) {
        // InvocationException: the connection is not usable
        StartContext context = new StartContext(record, target, information(record, target));
        String first;
        try {
            first = target.binding().startPosition(context);
        } catch (Exception e) {
            throw startRefused(target.type(), e);
        }
        return new SubscriptionRecord.Start(first, Instant.now().toString());
    }

    /** Why a subscription could not be created: its binding could not read where to start. */
    static SubscriptionException startRefused(String type, Exception e) {
        String prefix = "The subscription was not created: its " + type + " trigger could not fix where it starts";
        if (e instanceof ServiceOperationException refused) {
            int status = refused.getStatusCode();
            String code = refused.getCode() == null ? "StartPositionUnavailable" : refused.getCode();
            if (status >= 400 && status < 500) {
                return new SubscriptionException(status, code, prefix + ": " + refused.getMessage());
            }
            return new SubscriptionException(
                    503,
                    code,
                    prefix + ": " + refused.getMessage() + " Check that the source is reachable and try again.");
        }
        if (e instanceof IllegalArgumentException) {
            return new SubscriptionException(400, "InvalidTrigger", prefix + ": " + e.getMessage());
        }
        // other messages may repeat connection details: the type of failure only
        LOG.debug("Starting position of a {} subscription not read", type, e);
        return new SubscriptionException(
                503,
                "StartPositionUnavailable",
                prefix + " (" + e.getClass().getSimpleName() + "). Check that the source is reachable and try again.");
    }

    /**
     * Fixes the start of a subscription that has none: the position a binding already stored (a subscription created
     * before starting positions were fixed at creation), else what the binding says now.
     */
    private void fixStart(SubscriptionRun run, Target target) {
        String stored = store.resumePosition(run.id);
        SubscriptionRecord.Start start = stored == null
                ? startPosition(run.record, target)
                : new SubscriptionRecord.Start(stored, Instant.now().toString());
        SubscriptionRecord fixed = run.record.withStart(start);
        store.saveSubscription(fixed, start.checkpoint());
        run.record = fixed;
        LOG.info("Subscription {} starts at {}", run.id, start.toJson());
    }

    private String information(SubscriptionRecord record, Target target) {
        return target.provider().getBindingConnectionInformation(record.operation(), connection(record));
    }

    private ConnectionParameters connection(SubscriptionRecord record) {
        if (record.connectionName() != null) {
            return connections.resolve(record.connectionName(), record.connector());
        }
        return record.connection() != null && record.connection().isObject()
                ? ConnectionParameters.of((ObjectNode) record.connection())
                : ConnectionParameters.empty();
    }

    private static void closeContext(SubscriptionRun run) {
        synchronized (run) {
            if (run.context != null) {
                run.context.closed = true;
            }
            run.context = null;
        }
    }

    private void park(SubscriptionRun run, SubscriptionState state, String reason) {
        if (run.handle != null) {
            stopBinding(run, reason);
        }
        synchronized (run) {
            if (run.state != state || !reason.equals(run.reason)) {
                LOG.info("Subscription {} {}: {}", run.id, state, reason);
            }
            run.state = state;
            run.reason = reason;
        }
        run.identity = null;
    }

    private static void fail(SubscriptionRun run, String identity, String reason) {
        synchronized (run) {
            if (run.state != SubscriptionState.FAILED || !reason.equals(run.reason)) {
                LOG.warn("Subscription {} FAILED: {}", run.id, reason);
            }
            run.state = SubscriptionState.FAILED;
            run.reason = reason;
        }
        run.identity = identity;
        run.retryAt = System.currentTimeMillis() + FAILED_RETRY_MS;
    }

    /** Called holding the run's lifecycle lock: the binding's close runs under no other lock. */
    private static void stopBinding(SubscriptionRun run, String reason) {
        AutoCloseable handle = run.handle;
        RunContext context = run.context;
        run.handle = null;
        run.context = null;
        run.binding = null;
        run.provider = null;
        run.runningVersion = null;
        run.identity = null;
        synchronized (run) {
            if (context != null) {
                context.closed = true;
            }
            run.state = SubscriptionState.WAITING;
            run.reason = reason;
        }
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.warn("Subscription {}: closing its trigger failed", run.id, e);
            }
        }
    }
}
