package dev.switchboard.rest.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentException;
import dev.switchboard.host.api.DeploymentFiles;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.DeploymentState;
import dev.switchboard.host.api.Failure.Reason;
import dev.switchboard.host.api.JsonViews;

/**
 * {@code /deployments}: what became of every deploy-folder file ({@code GET}), one file ({@code GET /{file}}), and
 * files put in ({@code PUT /{file}}, the body is the file) and taken out ({@code DELETE /{file}}) the way a file
 * dropped by hand is: FileInstall swaps, the archive keeps the previous content, a cluster replicates it.
 * <p>
 * A PUT waits (at most {@code ?wait=} seconds, 30 by default, 0 for not at all) for the scanner to take the file and
 * answers 201 (a new file) or 200 (replaced, or the same bytes again) with its entry when it is ACTIVE, 202 when the
 * wait ran out first, 409 when it is in CONFLICT with (or a DUPLICATE of) another file and 422 when it FAILED or
 * registers no connector; in those two cases the file stays in the folder, as a dropped one would, and the message
 * says what to do.
 */
final class DeploymentEndpoints {

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    private static final long MAX_WAIT_SECONDS = 300;

    private final DeploymentInventory inventory;
    private final Supplier<DeploymentFiles> files;
    private final JsonViews views;
    private final ResponseWriter writer;

    DeploymentEndpoints(
            DeploymentInventory inventory, Supplier<DeploymentFiles> files, JsonViews views, ResponseWriter writer) {
        this.inventory = inventory;
        this.files = files;
        this.views = views;
        this.writer = writer;
    }

    void list(ApiCall call) throws IOException {
        ArrayNode list = views.mapper().createArrayNode();
        for (Deployment deployment : inventory.deployments()) {
            list.add(views.deployment(deployment));
        }
        writer.json(call.response(), 200, list);
    }

    void get(ApiCall call) throws IOException {
        String file = call.path("file");
        for (Deployment deployment : inventory.deployments()) {
            if (deployment.file().equals(file)) {
                writer.json(call.response(), 200, views.deployment(deployment));
                return;
            }
        }
        throw notFound(file);
    }

    void put(ApiCall call) throws IOException {
        String file = call.path("file");
        DeploymentFiles.Written written;
        try {
            written = files().write(file, call.request().getInputStream(), waitOf(call));
        } catch (DeploymentException e) {
            throw ApiError.of(e);
        }
        Deployment entry = written.deployment();
        call.response().setHeader("Location", "/api/deployments/" + URLEncoder.encode(file, StandardCharsets.UTF_8));
        if (entry == null || !written.settled()) {
            ObjectNode body = entry == null
                    ? views.mapper().createObjectNode().put("file", file).put("state", "PENDING")
                    : views.deployment(entry);
            writer.json(call.response(), 202, body);
            return;
        }
        DeploymentState state = entry.state();
        if (state == DeploymentState.CONFLICT || state == DeploymentState.DUPLICATE) {
            throw new ApiError(Reason.CONFLICT, "DeploymentConflict", refusal(entry));
        }
        if (state != DeploymentState.ACTIVE && state != DeploymentState.APPLIED) {
            throw new ApiError(Reason.UNPROCESSABLE, "DeploymentFailed", refusal(entry));
        }
        writer.json(call.response(), written.replaced() ? 200 : 201, views.deployment(entry));
    }

    void delete(ApiCall call) throws IOException {
        String file = call.path("file");
        boolean gone;
        try {
            gone = files().remove(file, waitOf(call));
        } catch (DeploymentException e) {
            throw ApiError.of(e);
        }
        if (gone) {
            call.response().setStatus(204);
        } else {
            writer.json(
                    call.response(),
                    202,
                    views.mapper().createObjectNode().put("file", file).put("state", "REMOVING"));
        }
    }

    private DeploymentFiles files() {
        DeploymentFiles current = files.get();
        if (current == null) {
            throw new ApiError(
                    Reason.UNAVAILABLE, "DeploymentsUnavailable", "The host's deploy-folder writer is not running.");
        }
        return current;
    }

    private static String refusal(Deployment entry) {
        return entry.file() + " is " + entry.state()
                + (entry.reason() == null ? "" : ": " + entry.reason())
                + ". The file stays in the deploy folder (GET /api/deployments/" + entry.file()
                + "); PUT a corrected file or DELETE it.";
    }

    private static Duration waitOf(ApiCall call) {
        String value = call.query("wait");
        if (value == null) {
            return DEFAULT_WAIT;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0 && seconds <= MAX_WAIT_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.badRequest(
                "InvalidQuery", "wait must be a number of seconds from 0 to " + MAX_WAIT_SECONDS + ": " + value);
    }

    private static ApiError notFound(String file) {
        return ApiError.notFound(
                "DeploymentNotFound",
                "There is no file " + file + " in the deploy folder; GET /api/deployments lists them.");
    }
}
