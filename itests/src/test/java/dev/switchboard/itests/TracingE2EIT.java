package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue #13 §3 against the real launcher: an invoke with a W3C {@code traceparent} continues that trace: the http
 * connector's upstream receives the same trace id in a span of its own, the response carries it ({@code traceparent},
 * {@code X-Trace-Id}), and the log line of the call carries it; without one (or with a malformed one) a new trace is
 * created.
 */
public class TracingE2EIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final String HTTP_INVOKE = "/api/connectors/http/operations/sendRequest/invoke";
    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";

    private static SwitchboardProcess host;
    private static HttpServer upstream;
    private static final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                received.add(traceparent == null ? "none" : traceparent);
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException e) {
                // the client went away
            }
        });
        upstream.start();
        host = SwitchboardProcess.start("switchboard-tracing");
        host.deploy("greeter-v1", "greeter.jar");
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(30));
        host.awaitActive("http", null, Duration.ofSeconds(30));
    }

    @AfterClass
    public static void stop() {
        if (host != null) {
            host.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private static HttpResponse<String> invoke(String path, String body, String traceparent) {
        HttpRequest.Builder request = host.request(path)
                .timeout(Duration.ofSeconds(70))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return host.send(request.build());
    }

    private static String httpCall(String path) {
        return "{\"parameters\":{\"method\":\"GET\",\"uri\":\"http://127.0.0.1:"
                + upstream.getAddress().getPort() + path + "\"}}";
    }

    @Test
    public void theCallersTraceReachesTheUpstreamAndComesBack() {
        received.clear();
        HttpResponse<String> response = invoke(HTTP_INVOKE, httpCall("/traced"), PARENT);
        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(TRACE_ID, response.headers().firstValue("X-Trace-Id").orElse(null));
        String answered = response.headers().firstValue("traceparent").orElseThrow();
        assertTrue(answered, answered.startsWith("00-" + TRACE_ID + "-"));
        assertNotEquals("the host's span is its own", PARENT, answered);

        assertEquals(received.toString(), 1, received.size());
        String sent = received.get(0);
        assertTrue(sent, sent.startsWith("00-" + TRACE_ID + "-"));
        assertNotEquals("the outbound request is a child span of the host's", answered, sent);
        assertNotEquals(PARENT, sent);
    }

    @Test
    public void withoutATraceparentOrWithAMalformedOneANewTraceIsCreated() {
        received.clear();
        HttpResponse<String> none = invoke(HTTP_INVOKE, httpCall("/untraced"), null);
        HttpResponse<String> malformed = invoke(HTTP_INVOKE, httpCall("/malformed"), "00-not-a-trace");
        assertEquals(malformed.body(), 200, malformed.statusCode());
        assertEquals(none.body(), 200, none.statusCode());
        String first = none.headers().firstValue("X-Trace-Id").orElseThrow();
        String second = malformed.headers().firstValue("X-Trace-Id").orElseThrow();
        assertTrue(first, first.matches("[0-9a-f]{32}"));
        assertNotEquals(first, second);
        assertEquals(2, received.size());
        assertTrue(received.get(0), received.get(0).startsWith("00-" + first + "-"));
        assertTrue(received.get(1), received.get(1).startsWith("00-" + second + "-"));
    }

    @Test
    public void theLogLineOfTheCallCarriesTheTraceId() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<String> response = invoke(
                GREET,
                "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Tracy\"}}",
                "00-" + traceId + "-b7ad6b7169203331-01");
        assertEquals(response.body(), 200, response.statusCode());
        String line = Await.until(
                "the greeter's log line",
                Duration.ofSeconds(10),
                () -> host.output().stream()
                        .filter(l -> l.contains("Greeting Tracy"))
                        .findFirst()
                        .orElse(null),
                l -> l != null);
        assertTrue(line, line.contains("traceId=" + traceId));
        assertTrue(line, line.contains("connector=greeter@1.0.0"));
    }
}
