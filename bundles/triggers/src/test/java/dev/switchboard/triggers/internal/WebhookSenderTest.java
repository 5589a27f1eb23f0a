package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.Test;

import dev.switchboard.connector.api.TraceContext;

public class WebhookSenderTest {

    @Test
    public void aDeliveryCarriesItsTraceparent() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            received.set(exchange.getRequestHeaders().getFirst("traceparent"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            TraceContext trace = TraceContext.newTrace();
            String failure = new WebhookSender()
                    .postAsync(
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                            "s1",
                            1,
                            "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            Duration.ofSeconds(10),
                            trace)
                    .get(20, TimeUnit.SECONDS);
            assertNull(failure);
            assertEquals(trace.traceparent(), received.get());
        } finally {
            server.stop(0);
        }
    }
}
