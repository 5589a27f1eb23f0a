package dev.switchboard.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;

/**
 * The answer of {@code GET /api/health/ready}: the Felix health checks tagged {@value #READY_TAG}, run by the
 * {@link HealthCheckExecutor}, mapped to HTTP in this one place. UP (200) when every one is OK or WARN; DOWN (503)
 * while the executor or the checks are not there yet, or any is TEMPORARILY_UNAVAILABLE, CRITICAL or
 * HEALTH_CHECK_ERROR, with {@code waitingFor} naming those.
 * <p>
 * The answer is public: it holds check names and statuses, and the messages of the checks tagged
 * {@value #PUBLIC_TAG} only (Switchboard's own, written without paths or secrets). Other checks' messages (the disk
 * space check names its folder) are in the Web Console's Health Check page, behind the admin's credentials.
 *
 * @param status     {@code UP} or {@code DOWN}
 * @param checks     every readiness check: {@code name}, {@code status}, {@code message} when public
 * @param waitingFor one line per check that keeps the host from being ready
 */
record ReadinessReport(String status, List<Map<String, String>> checks, List<String> waitingFor) {

    static final String READY_TAG = "ready";
    static final String PUBLIC_TAG = "switchboard";
    static final int MAX_MESSAGE = 400;

    boolean ready() {
        return "UP".equals(status);
    }

    static ReadinessReport of(HealthCheckExecutor executor) {
        if (executor == null) {
            return down("the health check executor (org.apache.felix.healthcheck.core) to start");
        }
        List<HealthCheckExecutionResult> results =
                executor.execute(HealthCheckSelector.tags(READY_TAG), new HealthCheckExecutionOptions());
        return of(results);
    }

    static ReadinessReport of(List<HealthCheckExecutionResult> results) {
        // checks register as their bundles start: Switchboard's own come with the features' bundles and, until
        // they are in, the general checks alone (framework, disk) would say UP too early
        if (results.stream().noneMatch(r -> r.getHealthCheckMetadata().getTags().contains(PUBLIC_TAG))) {
            return down("the Switchboard readiness checks to be registered");
        }
        List<Map<String, String>> checks = new ArrayList<>();
        List<String> waitingFor = new ArrayList<>();
        for (HealthCheckExecutionResult execution : results) {
            String name = execution.getHealthCheckMetadata().getName();
            Result result = execution.getHealthCheckResult();
            Result.Status status = result.getStatus();
            boolean shown = execution.getHealthCheckMetadata().getTags().contains(PUBLIC_TAG);
            String message = shown ? message(result) : null;
            Map<String, String> check = new LinkedHashMap<>();
            check.put("name", name);
            check.put("status", status.name());
            if (message != null) {
                check.put("message", message);
            }
            checks.add(check);
            if (!ready(status)) {
                waitingFor.add(name + ": "
                        + (message != null
                                ? message
                                : status.name() + " (the Web Console's Health Check page says why)"));
            }
        }
        return new ReadinessReport(waitingFor.isEmpty() ? "UP" : "DOWN", checks, waitingFor);
    }

    private static ReadinessReport down(String waitingFor) {
        return new ReadinessReport("DOWN", List.of(), List.of(waitingFor));
    }

    /** OK and WARN serve (WARN: functional, act before it turns CRITICAL); the others do not. */
    static boolean ready(Result.Status status) {
        return status == Result.Status.OK || status == Result.Status.WARN;
    }

    /** The entries of the result's own status (the reason), else its last non-debug entry. */
    private static String message(Result result) {
        List<String> worst = new ArrayList<>();
        String last = null;
        for (ResultLog.Entry entry : result) {
            if (entry.isDebug()) {
                continue;
            }
            last = entry.getMessage();
            if (entry.getStatus() == result.getStatus()) {
                worst.add(entry.getMessage());
            }
        }
        String text = worst.isEmpty() ? last : String.join("; ", worst);
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
