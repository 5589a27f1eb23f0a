package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Issue #14 §9: the deploy folder's bundles start beside FileInstall's thread, each batch resolved once, and the
 * report can tell which are still waiting.
 */
public class BundleStartQueueTest {

    private final Map<Long, Bundle> bundles = new ConcurrentHashMap<>();
    private final Map<Long, Integer> states = new ConcurrentHashMap<>();
    private final List<Long> started = new CopyOnWriteArrayList<>();
    private final List<List<Long>> resolved = new CopyOnWriteArrayList<>();
    private final Set<Long> failing = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstStartMayFinish = new CountDownLatch(1);
    private final CountDownLatch firstStartBegun = new CountDownLatch(1);
    private final BundleContext context = context();
    private final BundleStartQueue queue = new BundleStartQueue(context, new BundleStarts(context));

    @After
    public void tearDown() {
        firstStartMayFinish.countDown();
        queue.close();
    }

    @Test
    public void bundlesQueuedWhileOneStartsAreResolvedTogetherOnceThenStartedInInstallOrder() throws Exception {
        queue.start(bundle(1));
        assertTrue("the first start runs", firstStartBegun.await(10, TimeUnit.SECONDS));
        for (long id = 2; id <= 5; id++) {
            queue.start(bundle(id));
        }
        assertEquals("waiting for their start", Set.of(1L, 2L, 3L, 4L, 5L), queue.queued());

        firstStartMayFinish.countDown();
        awaitQueueEmpty();

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), started);
        assertEquals("one resolution for the four queued meanwhile", List.of(List.of(2L, 3L, 4L, 5L)), resolved);
        for (long id = 1; id <= 5; id++) {
            assertEquals(Bundle.ACTIVE, (int) states.get(id));
        }
    }

    @Test
    public void aBundleThatDoesNotStartLeavesTheQueueAndTheOthersStillStart() throws Exception {
        firstStartMayFinish.countDown();
        failing.add(2L);
        queue.start(bundle(1));
        queue.start(bundle(2));
        queue.start(bundle(3));
        awaitQueueEmpty();

        assertTrue(started.toString(), started.containsAll(List.of(1L, 3L)));
        assertEquals("left to BundleStarts' retries, not queued", Set.of(), queue.queued());
        assertEquals(Bundle.RESOLVED, (int) states.get(2L));
    }

    @Test
    public void afterCloseNothingIsQueued() {
        queue.close();
        queue.start(bundle(1));
        assertEquals(Set.of(), queue.queued());
    }

    private void awaitQueueEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!queue.queued().isEmpty()) {
            assertTrue("the queue emptied: " + queue.queued(), System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    private Bundle bundle(long id) {
        states.put(id, Bundle.INSTALLED);
        Bundle bundle = (Bundle) Proxy.newProxyInstance(
                Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "getBundleId":
                            return id;
                        case "getState":
                            return states.get(id);
                        case "getHeaders":
                            return new Hashtable<String, String>();
                        case "getSymbolicName":
                            return "b" + id;
                        case "start":
                            if (id == 1) {
                                firstStartBegun.countDown();
                                firstStartMayFinish.await(10, TimeUnit.SECONDS);
                            }
                            states.put(id, Bundle.RESOLVED);
                            if (failing.contains(id)) {
                                throw new BundleException("b" + id + " does not start");
                            }
                            states.put(id, Bundle.ACTIVE);
                            started.add(id);
                            return null;
                        case "hashCode":
                            return (int) id;
                        case "equals":
                            return self == args[0];
                        case "toString":
                            return "b" + id;
                        default:
                            return null;
                    }
                });
        bundles.put(id, bundle);
        return bundle;
    }

    private BundleContext context() {
        FrameworkWiring wiring = (FrameworkWiring) Proxy.newProxyInstance(
                FrameworkWiring.class.getClassLoader(), new Class<?>[] {FrameworkWiring.class}, (self, m, args) -> {
                    if (m.getName().equals("resolveBundles")) {
                        List<Long> ids = new ArrayList<>();
                        for (Bundle b : (Collection<Bundle>) args[0]) {
                            ids.add(b.getBundleId());
                            states.put(b.getBundleId(), Bundle.RESOLVED);
                        }
                        resolved.add(ids);
                        return true;
                    }
                    return null;
                });
        Bundle system = (Bundle) Proxy.newProxyInstance(
                Bundle.class.getClassLoader(),
                new Class<?>[] {Bundle.class},
                (self, m, args) -> m.getName().equals("adapt") ? wiring : null);
        return (BundleContext) Proxy.newProxyInstance(
                BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class}, (self, m, args) -> {
                    if (m.getName().equals("getBundle") && args != null && args.length == 1) {
                        return args[0] instanceof String location
                                ? (Constants.SYSTEM_BUNDLE_LOCATION.equals(location) ? system : null)
                                : bundles.get((Long) args[0]);
                    }
                    return m.getName().equals("hashCode") ? 0 : null;
                });
    }
}
