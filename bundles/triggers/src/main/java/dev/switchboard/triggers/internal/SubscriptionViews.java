package dev.switchboard.triggers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.NamedConnection;
import dev.switchboard.triggers.api.Backlog;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.WebhookUrl;

/** What the API shows of a subscription: its record with secrets masked, its run state and what the store holds. */
final class SubscriptionViews {

    private final TriggerStore store;

    SubscriptionViews(TriggerStore store) {
        this.store = store;
    }

    /**
     * An inline connection's values masked, the webhook URL as {@link WebhookUrl#masked} (the record keeps it whole
     * for delivery) and the hook token only when {@code withToken} (the answer to its creation), else masked.
     */
    Subscription view(SubscriptionRun run, boolean withToken) {
        SubscriptionRecord rec = run.record;
        JsonNode connection = rec.connection();
        if (connection != null && connection.isObject()) {
            ObjectNode masked = JsonNodeFactory.instance.objectNode();
            connection.fieldNames().forEachRemaining(n -> masked.put(n, NamedConnection.MASK));
            connection = masked;
        }
        SubscriptionRequest request = new SubscriptionRequest(
                rec.connector(),
                rec.version(),
                rec.operation(),
                connection == null ? JsonNodeFactory.instance.nullNode() : connection,
                rec.parameters(),
                rec.webhook() == null ? null : WebhookUrl.masked(rec.webhook()));
        Backlog backlog = store.backlog(run.id);
        return new Subscription(
                run.id,
                request,
                withToken ? rec.token() : NamedConnection.MASK,
                run.state,
                run.reason,
                run.runningVersion,
                store.checkpoint(run.id),
                store.emitted(run.id),
                store.deliveredCount(run.id),
                backlog.pendingBatches(),
                backlog.deadLettered(),
                store.lastError(run.id),
                store.deadLetters(run.id),
                backlog,
                rec.start() == null ? null : rec.start().toJson(),
                run.owner);
    }
}
