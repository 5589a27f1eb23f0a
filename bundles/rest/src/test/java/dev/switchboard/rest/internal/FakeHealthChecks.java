package dev.switchboard.rest.internal;

import java.lang.reflect.Proxy;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckMetadata;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** A {@link HealthCheckExecutor} that answers fixed results, for the checks whose tags include the selector's. */
final class FakeHealthChecks implements HealthCheckExecutor {

    private final List<HealthCheckExecutionResult> results = new CopyOnWriteArrayList<>();

    void add(String name, Result.Status status, String message, String... tags) {
        Map<String, Object> properties =
                Map.of(HealthCheck.NAME, name, HealthCheck.TAGS, tags, Constants.SERVICE_ID, (long) results.size() + 1);
        ServiceReference<?> reference = (ServiceReference<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getPropertyKeys" -> properties.keySet().toArray(new String[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        HealthCheckMetadata metadata = new HealthCheckMetadata(reference);
        Result result = new Result(status, message);
        results.add(new HealthCheckExecutionResult() {
            @Override
            public Result getHealthCheckResult() {
                return result;
            }

            @Override
            public long getElapsedTimeInMs() {
                return 1;
            }

            @Override
            public Date getFinishedAt() {
                return new Date();
            }

            @Override
            public boolean hasTimedOut() {
                return false;
            }

            @Override
            public HealthCheckMetadata getHealthCheckMetadata() {
                return metadata;
            }
        });
    }

    void clear() {
        results.clear();
    }

    @Override
    public List<HealthCheckExecutionResult> execute(HealthCheckSelector selector) {
        return execute(selector, new HealthCheckExecutionOptions());
    }

    @Override
    public List<HealthCheckExecutionResult> execute(HealthCheckSelector selector, HealthCheckExecutionOptions options) {
        List<String> wanted = List.of(selector.tags());
        return results.stream()
                .filter(r -> r.getHealthCheckMetadata().getTags().containsAll(wanted))
                .toList();
    }
}
