package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.TrafficException;
import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.api.TrafficStatus;
import dev.switchboard.host.internal.catalog.TestCatalogs;
import dev.switchboard.host.internal.testing.FakeProvider;

public class TrafficRouterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T04:00:00Z"), ZoneOffset.UTC);
    private static final TrafficGuard GUARD = new TrafficGuard(0.05, Duration.ofSeconds(60), 10);

    private final TestCatalogs catalog = new TestCatalogs();
    private Path home;
    private TrafficRouter router;

    @Before
    public void setUp() throws Exception {
        home = Files.createTempDirectory("traffic");
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        catalog.add(FakeProvider.of("greeter", "hello"), "2.0.0");
        router = newRouter();
    }

    @After
    public void tearDown() {
        catalog.close();
    }

    private TrafficRouter newRouter() {
        return new TrafficRouter(catalog.registry(), TrafficFile.in(home.toString()), CLOCK, System::nanoTime);
    }

    private static Invocation call(String version) {
        return new Invocation(
                "greeter", version, "hello", ConnectionParameters.empty(), ServiceOperationRequest.of(null));
    }

    private TrafficException refused(String connector, TrafficSplit split) {
        try {
            router.setTraffic(connector, split);
        } catch (TrafficException e) {
            return e;
        }
        fail("accepted " + split);
        return null;
    }

    private void assertInvalid(String field, TrafficSplit split) {
        TrafficException e = refused("greeter", split);
        assertEquals(e.getMessage(), TrafficException.Reason.INVALID, e.reason());
        assertEquals(e.getMessage(), field, e.field());
        assertTrue(e.getMessage(), e.getMessage().startsWith(field + ": "));
    }

    @Test
    public void eachWrongPartIsRefusedNamingItsField() {
        assertEquals(
                TrafficException.Reason.UNKNOWN_CONNECTOR,
                refused("nope", new TrafficSplit(Map.of("1.0.0", 1.0), false, null))
                        .reason());
        assertInvalid("weights", new TrafficSplit(Map.of(), false, null));
        assertInvalid("weights.3.0.0", new TrafficSplit(Map.of("3.0.0", 1.0, "1.0.0", 1.0), false, null));
        assertInvalid("weights.one", new TrafficSplit(Map.of("one", 1.0), false, null));
        assertInvalid("weights.2.0.0", new TrafficSplit(Map.of("2.0.0", -1.0, "1.0.0", 1.0), false, null));
        assertInvalid("weights", new TrafficSplit(Map.of("2.0.0", 0.0, "1.0.0", 0.0), false, null));
        assertInvalid("rollbackOn", new TrafficSplit(Map.of("2.0.0", 1.0), false, GUARD));
        assertInvalid(
                "rollbackOn.errorRate",
                new TrafficSplit(
                        Map.of("2.0.0", 1.0, "1.0.0", 1.0), false, new TrafficGuard(0, Duration.ofSeconds(60), 10)));
        assertInvalid(
                "rollbackOn.errorRate",
                new TrafficSplit(
                        Map.of("2.0.0", 1.0, "1.0.0", 1.0), false, new TrafficGuard(1.5, Duration.ofSeconds(60), 10)));
        assertInvalid(
                "rollbackOn.window",
                new TrafficSplit(Map.of("2.0.0", 1.0, "1.0.0", 1.0), false, new TrafficGuard(0.05, Duration.ZERO, 10)));
        assertInvalid(
                "rollbackOn.minCalls",
                new TrafficSplit(
                        Map.of("2.0.0", 1.0, "1.0.0", 1.0), false, new TrafficGuard(0.05, Duration.ofSeconds(60), 0)));
        assertTrue("nothing was set", router.all().isEmpty());
        assertEquals(
                TrafficException.Reason.NO_SPLIT,
                assertThrows(() -> router.traffic("greeter")).reason());
    }

    private static TrafficException assertThrows(Runnable action) {
        try {
            action.run();
        } catch (TrafficException e) {
            return e;
        }
        fail("no TrafficException");
        return null;
    }

    @Test
    public void onlyCallsWithoutAVersionAreRouted() {
        assertNull("no split", router.route(call(null)));
        router.setTraffic("greeter", new TrafficSplit(Map.of("2.0.0", 10.0, "1.0.0", 90.0), false, null));
        assertTrue(router.route(call(null)) != null);
        assertTrue(router.route(call(" ")) != null);
        assertNull("pinned", router.route(call("2.0.0")));
        assertNull("a range is pinned too", router.route(call("[1.0,2.0)")));
    }

    @Test
    public void theGuardMovesAllTrafficToThePreviousVersionAndARestartKeepsIt() {
        router.setTraffic("greeter", new TrafficSplit(Map.of("2.0.0", 50.0, "1.0.0", 50.0), true, GUARD));
        TrafficStatus before = router.traffic("greeter");
        assertEquals("2.0.0", before.guardedVersion());
        assertEquals("1.0.0", before.previousVersion());
        ConnectorTraffic split = router.route(call(null));
        for (int i = 0; i < 10; i++) {
            split.guard().ended(CallOutcome.SERVER_ERROR, 0);
        }
        TrafficStatus after = router.traffic("greeter");
        assertEquals(Map.of("2.0.0", 0.0, "1.0.0", 100.0), after.split().weights());
        assertNull("the guard has done its work", after.split().rollbackOn());
        assertTrue(after.split().stickyPerConnection());
        assertEquals("2.0.0", after.rollback().fromVersion());
        assertEquals("1.0.0", after.rollback().toVersion());
        assertEquals(CLOCK.instant(), after.rollback().at());
        assertTrue(after.rollback().reason(), after.rollback().reason().startsWith("10 of its last 10 calls"));
        for (int i = 0; i < 100; i++) {
            assertEquals("1.0.0", router.route(call(null)).choose(null).toString());
        }

        TrafficStatus restarted = newRouter().traffic("greeter");
        assertEquals(after.split(), restarted.split());
        assertEquals(after.rollback(), restarted.rollback());
    }

    @Test
    public void aSplitIsKeptAcrossARestartAndClearingRemovesIt() {
        TrafficSplit split = new TrafficSplit(Map.of("2.0.0", 10.0, "1.0.0", 90.0), false, GUARD);
        router.setTraffic("greeter", split);
        assertEquals(split, newRouter().traffic("greeter").split());
        router.clearTraffic("greeter");
        assertTrue(newRouter().all().isEmpty());
        assertEquals(
                TrafficException.Reason.NO_SPLIT,
                assertThrows(() -> router.clearTraffic("greeter")).reason());
    }
}
