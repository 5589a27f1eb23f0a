package dev.switchboard.host.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

public class ManifestLoaderTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<ProviderRegistration> loaded = new CopyOnWriteArrayList<>();
    private final ManifestLoader loader =
            new ManifestLoader(new ManifestReader(new JsonSchemas()), 200, 1, timer, loaded::add);
    private final CountDownLatch never = new CountDownLatch(1);

    @After
    public void tearDown() {
        never.countDown();
        loader.shutdown();
        timer.shutdownNow();
    }

    @Test
    public void aReadManifestIsHandedOnOnce() {
        ProviderRegistration registration = registration(1, FakeProvider.of("greeter", "hello"));
        loader.submit(registration);
        Await.until("it is loaded", () -> loaded.size() == 1);
        assertNull(registration.outcome().failure());
        assertEquals("greeter", registration.outcome().id());
    }

    @Test
    public void aProviderThatHangsFailsAtTheTimeoutAndFreesTheLoaderThread() {
        FakeProvider hanging = FakeProvider.of("hang", "op");
        hanging.operations = () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        };
        ProviderRegistration stuck = registration(1, hanging);
        loader.submit(stuck);
        Await.until("it timed out", () -> loaded.size() == 1);
        String failure = stuck.outcome().failure();
        assertNotNull(failure);
        assertTrue(failure, failure.contains("did not return within 200 ms (dev.switchboard.host.catalog"));

        // the single loader thread was interrupted: the next provider loads
        ProviderRegistration next = registration(2, FakeProvider.of("ok", "op"));
        loader.submit(next);
        Await.until("the next one is loaded", () -> loaded.contains(next));
        assertEquals(List.of(stuck, next), loaded);
    }

    @Test
    public void nothingIsLoadedOnceShutDown() {
        loader.shutdown();
        loader.submit(registration(1, FakeProvider.of("late", "op"))); // logged, not thrown
        assertEquals(List.of(), loaded);
    }

    private static ProviderRegistration registration(long id, FakeProvider provider) {
        return new ProviderRegistration(
                id, new BundleInfo(10 + id, "com.example.b" + id, "1.0.0", "file:/b" + id + ".jar"), provider);
    }
}
