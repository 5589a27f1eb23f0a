package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Constants;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;

/** Issue 11 section 6: a schedule that never fires or overflows is refused when subscribing, naming the field. */
public class ScheduleSubscriptionTest {

    private static final long BUNDLE = 7;

    private TriggerScheduler scheduler;
    private SubscriptionManager manager;

    @Before
    public void start() throws Exception {
        Map<String, Object> settings = Map.of("fsync", false);
        scheduler = new TriggerScheduler(TestConfig.with(settings));
        ScheduleConnector schedule = new ScheduleConnector();
        ConnectorEntry entry = new ConnectorEntry(
                "schedule",
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                schedule.getService(),
                schedule.getOperations(true),
                new BundleInfo(BUNDLE, "dev.switchboard.triggers", "1.0.0", "test"));
        manager = new SubscriptionManager(
                TestConfig.with(settings),
                Files.createTempDirectory("schedules"),
                () -> new CatalogSnapshot(1, List.of(entry)),
                null,
                scheduler.executor());
        manager.bindProvider(schedule, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        manager.bindTriggerBinding(new TimerBinding(scheduler.executor()), Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
    }

    @After
    public void stop() {
        manager.deactivate();
        scheduler.deactivate();
    }

    private Subscription subscribe(ObjectNode parameters) {
        return manager.create(new SubscriptionRequest("schedule", null, "recurrence", null, parameters, null));
    }

    private static ObjectNode cron(String expression) {
        return JsonNodeFactory.instance.objectNode().put("cron", expression);
    }

    private SubscriptionException refused(ObjectNode parameters) {
        try {
            subscribe(parameters);
        } catch (SubscriptionException e) {
            return e;
        }
        fail("subscribing with " + parameters + " was accepted");
        return null;
    }

    @Test
    public void aCronThatNeverFiresIsRefusedWith400NamingTheField() {
        SubscriptionException e = refused(cron("0 0 31 2 *"));
        assertEquals(400, e.status());
        assertEquals("InvalidInput", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("cron: day-of-month 31 never occurs in February"));
        assertEquals("nothing was stored", 0, manager.list().size());
    }

    @Test
    public void anOverflowingCronIsRefusedWith400NamingTheField() {
        SubscriptionException e = refused(cron("59/2147483647 * * * *"));
        assertEquals(400, e.status());
        assertEquals("InvalidInput", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("cron: minute '59/2147483647'"));
    }

    @Test
    public void anIntervalBeyondAnIntIsRefused() {
        SubscriptionException e = refused(
                JsonNodeFactory.instance.objectNode().put("frequency", "Second").put("interval", 99_999_999_999L));
        assertEquals(400, e.status());
        assertTrue(e.getMessage(), e.getMessage().contains("/interval"));
    }

    @Test
    public void anOrdinaryCronRuns() {
        Subscription created = subscribe(cron("*/5 * * * MON-FRI"));
        assertEquals(SubscriptionState.ACTIVE, created.state());
    }
}
