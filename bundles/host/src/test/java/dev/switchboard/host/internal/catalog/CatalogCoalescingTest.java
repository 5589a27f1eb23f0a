package dev.switchboard.host.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

/** Registrations and loaded manifests published together ({@code publish.delay.ms}); removals at once. */
public class CatalogCoalescingTest {

    private static final int BURST = 200;

    /** So long that nothing is published by the delay while a test runs. */
    private final ManifestAggregator held = new ManifestAggregator(null, 5000, 2, 60_000, 3_600_000, new JsonSchemas());

    private final ManifestAggregator coalescing = new ManifestAggregator(null, 5000, 2, 60_000, 20, new JsonSchemas());

    @After
    public void tearDown() {
        held.deactivate();
        coalescing.deactivate();
    }

    @Test
    public void theDelayStretchesWithWhatAPublicationCostsWithinBounds() {
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        assertEquals("a cheap publication: the configured delay", 20 * ms, PublishDelay.nanos(20, ms));
        assertEquals("a 10 ms publication: four times as long", 40 * ms, PublishDelay.nanos(20, 10 * ms));
        assertEquals("never more than 250 ms", 250 * ms, PublishDelay.nanos(20, 5_000 * ms));
        assertEquals("a longer configured delay wins", 300 * ms, PublishDelay.nanos(300, 5_000 * ms));
        assertEquals("0 is not stretched before a first publication", 0, PublishDelay.nanos(0, 0));
    }

    @Test
    public void aBurstOfRegistrationsIsNotPublishedOneByOne() {
        CatalogSnapshot before = held.snapshot();
        CompletionStage<RegistryView> next = held.changeAfter(before.revision());
        for (int i = 1; i <= BURST; i++) {
            held.register(i, ManifestAggregatorTest.bundle(100 + i, "b" + i, "1.0.0"), FakeProvider.of("c" + i, "op"));
        }
        assertEquals("readers keep the last published snapshot", before, held.snapshot());
        assertFalse(next.toCompletableFuture().isDone());
    }

    @Test
    public void theCatalogSaysWhileChangesWaitToBePublished() {
        assertFalse(held.publishing());
        held.register(1, ManifestAggregatorTest.bundle(101, "b1", "1.0.0"), FakeProvider.of("c1", "op"));
        assertTrue("a registration waits for the publication", held.publishing());
        held.unregister(1); // published at once
        assertFalse(held.publishing());
    }

    @Test
    public void aRemovalIsPublishedAtOnceTogetherWithWhatWasWaiting() {
        for (int i = 1; i <= BURST; i++) {
            held.register(i, ManifestAggregatorTest.bundle(100 + i, "b" + i, "1.0.0"), FakeProvider.of("c" + i, "op"));
        }
        long before = held.snapshot().revision();

        held.unregister(1);

        CatalogSnapshot after = held.snapshot();
        assertEquals("one publication for the burst and the removal", before + 1, after.revision());
        assertEquals(BURST - 1, after.connectors().size());
        assertTrue(after.connectors().stream().noneMatch(e -> e.id().equals("c1")));
    }

    @Test
    public void everyRegistrationOfABurstIsPublishedWithinTheDelayAndFewerTimesThanItChanged() {
        long before = coalescing.snapshot().revision();
        for (int i = 1; i <= BURST; i++) {
            coalescing.register(
                    i, ManifestAggregatorTest.bundle(100 + i, "b" + i, "1.0.0"), FakeProvider.of("c" + i, "op"));
        }
        Await.until(
                "all ACTIVE",
                () -> coalescing.snapshot().connectors().stream()
                                .filter(e -> e.state() == ConnectorState.ACTIVE)
                                .count()
                        == BURST);

        CatalogSnapshot all = coalescing.snapshot();
        List<String> ids = all.connectors().stream().map(ConnectorEntry::id).toList();
        assertEquals(BURST, ids.size());
        // 400 changes (a registration and a loaded manifest each): without coalescing, 400 revisions
        assertTrue("revisions " + (all.revision() - before), all.revision() - before < 2 * BURST);
        RegistryView view = coalescing.view();
        assertTrue(all.connectors().stream().allMatch(e -> view.registration(e) != null));
    }
}
