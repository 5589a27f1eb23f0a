package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.internal.catalog.TestCatalogs;
import dev.switchboard.host.internal.testing.FakeProvider;

/** Canary traffic through the dispatcher: calls without a version follow the split, the guard rolls it back. */
public class TrafficDispatchTest {

    private final TestCatalogs catalog = new TestCatalogs();
    private final TrafficRouter router =
            new TrafficRouter(catalog.registry(), null, Clock.systemUTC(), System::nanoTime);
    private final OperationDispatcher dispatcher =
            new OperationDispatcher(catalog.registry(), router, new DispatcherSettings(5000, 4, 64, 10_000, 50));
    private volatile boolean v2Fails;

    @After
    public void tearDown() {
        dispatcher.deactivate();
        catalog.close();
    }

    private void twoVersions() {
        FakeProvider v1 = FakeProvider.of("greeter", "hello");
        v1.invoker =
                (op, c, r) -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("1")));
        FakeProvider v2 = FakeProvider.of("greeter", "hello");
        v2.invoker = (op, c, r) -> {
            if (v2Fails) {
                throw new ServiceOperationException(500, "Broken", "version 2 fails");
            }
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("2")));
        };
        catalog.add(v1, "1.0.0");
        catalog.add(v2, "2.0.0");
    }

    private String version(String pinned, String connection) throws Exception {
        Invocation invocation = new Invocation(
                "greeter", pinned, "hello", ConnectionParameters.empty(), ServiceOperationRequest.of(null), connection);
        try {
            return dispatcher
                    .invoke(invocation)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS)
                    .body()
                    .asText();
        } catch (ExecutionException e) {
            return "failed " + ((InvocationException) e.getCause()).status();
        }
    }

    @Test
    public void callsWithoutAVersionAreSpreadByWeightAndPinnedCallsAreNot() throws Exception {
        twoVersions();
        router.setTraffic("greeter", new TrafficSplit(Map.of("2.0.0", 10.0, "1.0.0", 90.0), false, null));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            counts.merge(version(null, null), 1, Integer::sum);
        }
        assertEquals(counts.toString(), 5_000, counts.get("1") + counts.get("2"));
        assertTrue(counts.toString(), Math.abs(counts.get("2") / 5_000.0 - 0.10) <= 0.03);
        for (int i = 0; i < 50; i++) {
            assertEquals("1", version("1.0.0", null));
            assertEquals("2", version("[2.0,3.0)", null));
        }
    }

    @Test
    public void stickyCallsOfOneConnectionAlwaysGoToTheSameVersion() throws Exception {
        twoVersions();
        router.setTraffic("greeter", new TrafficSplit(Map.of("2.0.0", 50.0, "1.0.0", 50.0), true, null));
        for (String connection : new String[] {"a", "b", "c", "d"}) {
            String first = version(null, connection);
            for (int i = 0; i < 20; i++) {
                assertEquals(connection, first, version(null, connection));
            }
        }
    }

    @Test
    public void aFailingCanaryIsRolledBackAndNoCallFailsAfterTheGuardFires() throws Exception {
        twoVersions();
        router.setTraffic(
                "greeter",
                new TrafficSplit(
                        Map.of("2.0.0", 50.0, "1.0.0", 50.0),
                        false,
                        new TrafficGuard(0.05, Duration.ofSeconds(60), 20)));
        for (int i = 0; i < 100; i++) {
            assertTrue(version(null, null).matches("[12]"));
        }
        v2Fails = true;
        int failures = 0;
        int sinceRollback = 0;
        for (int i = 0; i < 1_000; i++) {
            String answer = version(null, null);
            boolean rolledBack = router.traffic("greeter").rollback() != null;
            if (answer.startsWith("failed")) {
                failures++;
                assertTrue("a call failed after the rollback", sinceRollback == 0);
            }
            if (rolledBack) {
                sinceRollback++;
            }
        }
        assertTrue("the guard fired", sinceRollback > 900);
        assertTrue(failures + " failures before it fired", failures >= 1 && failures < 100);
        assertEquals("2.0.0", router.traffic("greeter").rollback().fromVersion());
        assertEquals("pinned calls still reach the canary", "failed 500", version("2.0.0", null));
    }
}
