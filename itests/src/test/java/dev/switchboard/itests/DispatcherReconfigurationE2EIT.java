package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Reconfiguring the dispatcher ({@code dev.switchboard.host.dispatcher}) on the real launcher while clients keep
 * calling: the new timeout and pool size take effect, and not one request gets anything but 2xx meanwhile (a change
 * used to restart the dispatcher, and with it the REST API, which answered 404 for a moment).
 */
public class DispatcherReconfigurationE2EIT {

    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";
    private static final String GREET_BODY = "{\"connection\":{\"salutation\":\"Hi\"},\"parameters\":{\"name\":\"x\"}}";
    private static final String SLOW = "/api/connectors/misbehaving/operations/slow/invoke";
    private static final String CONFIGURATION = "dev.switchboard.host.dispatcher.cfg";
    private static final int CLIENTS = 4;

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-reconfigure");
        host.deploy("greeter-v1", "greeter.jar");
        host.deploy("faulty", "faulty.jar");
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(20));
        host.awaitActive("misbehaving", null, Duration.ofSeconds(20));
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void aConfigurationChangeNeverTakesTheApiDown() throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicLong calls = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.execute(() -> {
                while (!stop.get()) {
                    for (HttpResponse<String> r :
                            List.of(host.getAnonymous("/api/health"), host.post(GREET, GREET_BODY))) {
                        calls.incrementAndGet();
                        if (r.statusCode() / 100 != 2) {
                            failures.add(r.request().uri().getPath() + " " + r.statusCode() + " " + r.body());
                        }
                    }
                }
            });
        }
        try {
            Thread.sleep(1000);
            // alternately a short timeout with a small pool and a long one with a large pool: the pool is replaced
            for (int change = 0; change < 4; change++) {
                boolean shortTimeout = change % 2 == 0;
                host.deployText(
                        "invoke.timeout.ms = " + (shortTimeout ? 1500 : 60000) + "\nmax.threads = "
                                + (shortTimeout ? 8 : 64) + "\n",
                        CONFIGURATION);
                int expected = shortTimeout ? 504 : 200;
                Await.until(
                        "a 3 s call to answer " + expected,
                        Duration.ofSeconds(30),
                        () -> host.post(SLOW, "{\"parameters\":{\"ms\":3000}}").statusCode(),
                        s -> s == expected);
            }
        } finally {
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(90, TimeUnit.SECONDS));
        }
        System.out.println("calls during the configuration changes: " + calls.get());
        assertEquals(failures.toString(), 0, failures.size());
        assertTrue("the clients kept calling: " + calls.get(), calls.get() > 50);
    }
}
