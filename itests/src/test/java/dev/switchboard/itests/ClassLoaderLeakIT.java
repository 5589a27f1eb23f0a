package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.OperationInvoker;

/**
 * Updating a connector bundle many times must not pile up its old class loaders: the host keeps no provider of an
 * old revision (no tombstone, in-flight record, thread local or schema cache holds one).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClassLoaderLeakIT {

    private static final int UPDATES = 50;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    private BundleContext context;

    @Inject
    private ConnectorCatalog catalog;

    @Configuration
    public Option[] configuration() {
        return new Option[] {SwitchboardOptions.host()};
    }

    @Test
    public void fiftyUpdatesLeaveAtMostTheCurrentAndOnePreviousProviderClassReachable() throws Exception {
        byte[] v1 = Files.readAllBytes(SwitchboardOptions.connector("greeter-v1"));
        byte[] v2 = Files.readAllBytes(SwitchboardOptions.connector("greeter-v2"));
        Bundle greeter = context.installBundle("itest:leak-greeter", new ByteArrayInputStream(v1));
        try {
            greeter.start();
            awaitActive("1.0.0");
            List<WeakReference<Class<?>>> providerClasses = new ArrayList<>();
            providerClasses.add(providerClass(greeter));
            invokeOnce();
            for (int i = 1; i <= UPDATES; i++) {
                boolean toV2 = i % 2 == 1;
                greeter.update(new ByteArrayInputStream(toV2 ? v2 : v1));
                refresh(greeter);
                awaitActive(toV2 ? "2.0.0" : "1.0.0");
                providerClasses.add(providerClass(greeter));
                invokeOnce();
            }

            List<Integer> reachable = reachableAfterGc(providerClasses);
            System.out.println("provider classes of " + providerClasses.size()
                    + " revisions, still reachable after GC: " + reachable.size() + " (revisions " + reachable + ")");
            assertTrue("the current revision is reachable", reachable.contains(UPDATES));
            assertTrue(
                    "at most the current revision and one previous are reachable: " + reachable, reachable.size() <= 2);
        } finally {
            greeter.uninstall();
        }
    }

    /** The class of the bundle's provider, taken from the service registry and let go at once. */
    private WeakReference<Class<?>> providerClass(Bundle bundle) throws Exception {
        for (ServiceReference<ServiceOperationsProvider> ref :
                context.getServiceReferences(ServiceOperationsProvider.class, null)) {
            if (ref.getBundle() != null && ref.getBundle().getBundleId() == bundle.getBundleId()) {
                try {
                    ServiceOperationsProvider provider = context.getService(ref);
                    assertNotNull(provider);
                    return new WeakReference<>(provider.getClass());
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        throw new AssertionError("no provider registered by bundle " + bundle.getBundleId());
    }

    /** Goes through the dispatcher too, so that in-flight records and compiled schemas would show if they leaked. */
    private void invokeOnce() throws Exception {
        ServiceReference<OperationInvoker> ref = context.getServiceReference(OperationInvoker.class);
        assertNotNull(ref);
        try {
            Invocation greet = new Invocation(
                    "greeter",
                    null,
                    "greet",
                    ConnectionParameters.of(Map.of("salutation", "Hi")),
                    ServiceOperationRequest.of((ObjectNode) MAPPER.readTree("{\"name\":\"x\"}")));
            assertEquals(
                    200,
                    context.getService(ref)
                            .invoke(greet)
                            .toCompletableFuture()
                            .get(30, TimeUnit.SECONDS)
                            .statusCode());
        } finally {
            context.ungetService(ref);
        }
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> done.countDown());
        assertTrue("the refresh finishes", done.await(30, TimeUnit.SECONDS));
    }

    private void awaitActive(String version) {
        Await.until(
                "greeter " + version + " ACTIVE",
                WAIT,
                () -> catalog.snapshot().versionsOf("greeter"),
                versions -> versions.size() == 1
                        && versions.get(0).version().equals(version)
                        && versions.get(0).state() == ConnectorState.ACTIVE);
    }

    /** Indexes of the classes still reachable once GC has had a fair chance (bounded: 20 rounds). */
    private static List<Integer> reachableAfterGc(List<WeakReference<Class<?>>> classes) throws InterruptedException {
        List<Integer> reachable = List.of();
        for (int round = 0; round < 20; round++) {
            System.gc();
            byte[][] pressure = new byte[16][];
            for (int i = 0; i < pressure.length; i++) {
                pressure[i] = new byte[1 << 20];
            }
            Thread.sleep(100);
            reachable = IntStream.range(0, classes.size())
                    .filter(i -> classes.get(i).get() != null)
                    .boxed()
                    .toList();
            if (reachable.size() <= 1 && pressure.length > 0) {
                break;
            }
        }
        return reachable;
    }
}
