package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue #13 §3, span export, against the real launcher with the tracing feature turned on by
 * {@code SWITCHBOARD_OTLP_ENDPOINT}: a fake OTLP/HTTP collector (a JDK HttpServer on loopback) records what is POSTed
 * to {@code /v1/traces}; an invoke with a given {@code traceparent} ends up there as a span of that trace, with the
 * span id the host answered in its {@code traceparent}, the caller's span as its parent, the connector's id, version
 * and operation and the service name.
 */
public class OtlpExportE2EIT {

    private static final String TRACE_ID = "5c2f0e5a9d3b4c7e8f1a2b3c4d5e6f70";
    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";

    private static SwitchboardProcess host;
    private static HttpServer collector;
    private static final List<byte[]> exports = new CopyOnWriteArrayList<>();
    private static final List<String> contentTypes = new CopyOnWriteArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("POST".equals(exchange.getRequestMethod())) {
                    exports.add(body);
                    contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
            } catch (IOException e) {
                // the exporter went away
            }
        });
        collector.start();
        host = SwitchboardProcess.create("switchboard-otlp")
                .environment(Map.of(
                        "SWITCHBOARD_OTLP_ENDPOINT",
                        "http://127.0.0.1:" + collector.getAddress().getPort(),
                        "SWITCHBOARD_OTLP_SERVICE_NAME",
                        "switchboard-e2e"));
        host.start();
        host.deploy("greeter-v1", "greeter.jar");
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(30));
    }

    @AfterClass
    public static void stop() {
        if (host != null) {
            host.close();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    public void anInvokeWithATraceparentIsExportedAsASpanOfThatTrace() {
        HttpResponse<String> response = host.send(host.request(GREET)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Otto\"}}"))
                .build());
        assertEquals(response.body(), 200, response.statusCode());
        String answered = response.headers().firstValue("traceparent").orElseThrow();
        String spanId = answered.substring(36, 52);

        // OTLP/HTTP protobuf: ids are raw bytes, strings are UTF-8
        byte[] traceIdBytes = HexFormat.of().parseHex(TRACE_ID);
        byte[] span = Await.until(
                "a span of trace " + TRACE_ID + " at the collector",
                Duration.ofSeconds(30),
                () -> exports.stream()
                        .filter(b -> contains(b, traceIdBytes))
                        .findFirst()
                        .orElse(null),
                b -> b != null);
        assertTrue(contentTypes.toString(), contentTypes.contains("application/x-protobuf"));
        assertTrue(
                "the span id is the one the host answered: " + answered,
                contains(span, HexFormat.of().parseHex(spanId)));
        assertTrue(
                "the caller's span (its traceparent's span id) is the parent",
                contains(span, HexFormat.of().parseHex("b7ad6b7169203331")));
        for (String text : List.of(
                "greeter greet",
                "switchboard.connector.id",
                "switchboard.connector.version",
                "1.0.0",
                "switchboard.operation",
                "http.response.status_code",
                "switchboard-e2e")) {
            assertTrue("the export holds " + text, contains(span, text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    public void withoutAnEndpointTheFeatureIsOffAndCallsWorkAsBefore() throws Exception {
        try (SwitchboardProcess plain = SwitchboardProcess.start("switchboard-otlp-off")) {
            String off = Await.until(
                    "the tracing bundle's 'off' line",
                    Duration.ofSeconds(30),
                    () -> plain.output().stream()
                            .filter(l -> l.contains("Tracing export is off"))
                            .findFirst()
                            .orElse(null),
                    l -> l != null);
            assertTrue(off, off.contains("dev.switchboard.tracing has no endpoint"));
            assertTrue(plain.output().stream().noneMatch(l -> l.contains("Exporting a span")));
            plain.deploy("greeter-v1", "greeter.jar");
            plain.awaitActive("greeter", "1.0.0", Duration.ofSeconds(30));
            HttpResponse<String> response = plain.send(plain.request(GREET)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Olga\"}}"))
                    .build());
            assertEquals(response.body(), 200, response.statusCode());
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
