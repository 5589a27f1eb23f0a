/**
 * Subscriptions to connector triggers, as the REST API and other host bundles use them. Implemented by the triggers
 * bundle only.
 * <p>
 * 1.1.0: {@link dev.switchboard.triggers.api.Backlog} (a subscription's store bounds) in
 * {@link dev.switchboard.triggers.api.Subscription#backlog()}; {@link dev.switchboard.triggers.api.WebhookUrl} (how a
 * webhook URL is shown); {@link dev.switchboard.triggers.api.EventListener#closed}; Retry-After advice in
 * {@link dev.switchboard.triggers.api.SubscriptionException#retryAfterSeconds()}.
 * <p>
 * 1.2.0: {@link dev.switchboard.triggers.api.Subscription#start()} (the starting position fixed at creation) and
 * {@link dev.switchboard.triggers.api.SubscriptionState#FAILING} (the binding runs but cannot read its source).
 * <p>
 * 1.3.0: {@link dev.switchboard.triggers.api.SubscriptionException} is a {@link dev.switchboard.host.api.Failure}
 * (the host's one error model): constructors taking a {@link dev.switchboard.host.api.Failure.Reason}, and
 * {@code reason()}.
 * <p>
 * 1.4.0: {@link dev.switchboard.triggers.api.Subscription#owner()} (cluster mode: the node that runs it).
 * <p>
 * 1.5.0: {@link dev.switchboard.triggers.api.DeliveryObserver} (a whiteboard service told of each delivered batch and
 * its delivery latency).
 */
@Export
@Version("1.5.0")
package dev.switchboard.triggers.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
