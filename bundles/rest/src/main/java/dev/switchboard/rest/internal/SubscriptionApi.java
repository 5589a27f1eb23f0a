package dev.switchboard.rest.internal;

import java.io.IOException;

import dev.switchboard.host.api.Failure;

/**
 * {@code /subscriptions[/{id}[/events]]} and {@code POST /hooks/{id}}, as the {@link RestServlet} routes them. A service
 * of this bundle's own, registered by {@link SubscriptionEndpoints} only while the triggers API and its
 * {@code Subscriptions} service are there: this bundle imports that API optionally, and nothing the servlet loads
 * names its types, so the rest of the API runs on a host started without the triggers feature.
 */
interface SubscriptionApi {

    void create(ApiCall call) throws IOException;

    void list(ApiCall call) throws IOException;

    void get(ApiCall call) throws IOException;

    void delete(ApiCall call) throws IOException;

    void events(ApiCall call) throws IOException;

    void hook(ApiCall call) throws IOException;

    /** {@code api}, or the 503 that says the triggers feature is missing. */
    static SubscriptionApi require(SubscriptionApi api) {
        if (api == null) {
            throw new ApiError(
                    Failure.Reason.UNAVAILABLE,
                    "TriggersUnavailable",
                    "Subscriptions need the triggers feature "
                            + "(features/triggers.json), which this host was not started with or which is not running.");
        }
        return api;
    }
}
