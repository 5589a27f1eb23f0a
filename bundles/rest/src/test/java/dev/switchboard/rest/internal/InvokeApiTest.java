package dev.switchboard.rest.internal;

import static dev.switchboard.rest.internal.CatalogApiTest.assertError;
import static dev.switchboard.rest.internal.TestServer.assertJsonContentType;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;

public class InvokeApiTest {

    private static final String INVOKE = "/api/connectors/greeter/operations/hello/invoke";
    private static final String SECRET = "t0ps3cret-value";

    private TestServer server;

    @Before
    public void start() throws Exception {
        server = new TestServer();
        server.catalog.snapshot = Fixtures.catalog(1);
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    @Test
    public void invokeAnswersTheOperationsResponse() throws Exception {
        server.invoker.behaviour = invocation -> CompletableFuture.completedFuture(new ServiceOperationResponse(
                201,
                Map.of("x-request", "42"),
                TestServer.JSON.createObjectNode().put("greeting", "Hello, Ada")));
        HttpResponse<String> response = server.post(INVOKE + "?version=1.0.0", """
                {"connection":{"token":"%s","Region":"eu"},
                 "parameters":{"name":"Ada"},
                 "headers":{"X-Trace":"abc"}}""".formatted(SECRET));
        assertEquals(response.body(), 200, response.statusCode());
        assertJsonContentType(response);
        assertEquals(TestServer.json("""
                {"statusCode":201,"headers":{"x-request":"42"},"body":{"greeting":"Hello, Ada"}}"""), TestServer.json(response));

        Invocation invocation = single();
        assertEquals("greeter", invocation.connectorId());
        assertEquals("1.0.0", invocation.version());
        assertEquals("hello", invocation.operationId());
        assertEquals(SECRET, invocation.connection().getString("token"));
        assertEquals("eu", invocation.connection().getString("region"));
        assertEquals(TestServer.json("{\"name\":\"Ada\"}"), invocation.request().parameters());
        assertEquals(Map.of("X-Trace", "abc"), withoutTraceparent(invocation));
    }

    @Test
    public void connectionParametersAndHeadersMayBeLeftOut() throws Exception {
        assertEquals(
                200, server.post(INVOKE, "{\"parameters\":{\"name\":\"Ada\"}}").statusCode());
        Invocation invocation = single();
        assertNull(invocation.version());
        assertTrue(invocation.connection().isEmpty());
        assertEquals(Map.of(), withoutTraceparent(invocation));
    }

    private static Map<String, String> withoutTraceparent(Invocation invocation) {
        Map<String, String> headers =
                new java.util.HashMap<>(invocation.request().headers());
        assertTrue(
                "the host adds the call's span",
                invocation.request().traceContext().isPresent());
        headers.remove("traceparent");
        return headers;
    }

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    public void aCallersTraceparentIsContinuedInAChildSpanAndAnswered() throws Exception {
        HttpResponse<String> response = server.send(server.request(INVOKE)
                .header("traceparent", PARENT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{\"name\":\"Ada\"}}")));
        assertEquals(200, response.statusCode());
        dev.switchboard.connector.api.TraceContext span =
                single().request().traceContext().orElseThrow();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", span.traceId());
        assertFalse("a span of its own", "00f067aa0ba902b7".equals(span.spanId()));
        assertEquals("the caller's span is its parent", "00f067aa0ba902b7", single().parentSpanId());
        assertEquals(
                span.traceparent(), response.headers().firstValue("traceparent").orElseThrow());
        assertEquals(span.traceId(), response.headers().firstValue("X-Trace-Id").orElseThrow());
    }

    @Test
    public void aMissingOrMalformedTraceparentStartsANewTrace() throws Exception {
        HttpResponse<String> response = server.send(server.request(INVOKE)
                .header("traceparent", "00-nonsense")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{\"name\":\"Ada\"}}")));
        assertEquals(200, response.statusCode());
        String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
        assertEquals(32, traceId.length());
        assertEquals(traceId, single().request().traceContext().orElseThrow().traceId());
        assertEquals("a new trace has no parent", null, single().parentSpanId());

        HttpResponse<String> other = server.post(INVOKE, "{\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(200, other.statusCode());
        assertFalse(traceId.equals(other.headers().firstValue("X-Trace-Id").orElseThrow()));
    }

    @Test
    public void aJsonBodyLabelledAsAFormIsStillRead() throws Exception {
        // what curl -d sends
        HttpResponse<String> response = server.send(server.request(INVOKE + "?version=%5B1.0,2.0)")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{\"name\":\"Ada\"}}")));
        assertEquals(200, response.statusCode());
        assertEquals("[1.0,2.0)", single().version());
        assertEquals("Ada", single().request().parameters().get("name").asText());
    }

    @Test
    public void anEmptyBodyIsAnInvocationWithoutInputs() throws Exception {
        HttpResponse<String> response = server.send(server.request(INVOKE).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode());
        assertEquals(TestServer.json("{}"), single().request().parameters());
    }

    @Test
    public void theAnswerMayComeLaterFromAnotherThread() throws Exception {
        CompletableFuture<ServiceOperationResponse> pending = new CompletableFuture<>();
        CountDownLatch invoked = new CountDownLatch(1);
        server.invoker.behaviour = invocation -> {
            invoked.countDown();
            return pending;
        };
        CompletableFuture<HttpResponse<String>> call =
                server.sendAsync(server.request(INVOKE).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertTrue(invoked.await(10, TimeUnit.SECONDS));
        assertFalse(call.isDone());
        new Thread(() -> pending.complete(ServiceOperationResponse.ok(
                        TestServer.JSON.createObjectNode().put("late", true))))
                .start();
        HttpResponse<String> response = call.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertTrue(TestServer.json(response).at("/body/late").asBoolean());
    }

    @Test
    public void aSmallAnswerFromAnotherThreadIsSentWithItsLength() throws Exception {
        server.invoker.behaviour = invocation -> CompletableFuture.supplyAsync(() ->
                ServiceOperationResponse.ok(TestServer.JSON.createObjectNode().put("small", true)));
        HttpResponse<String> response = server.post(INVOKE, "{}");
        assertEquals(200, response.statusCode());
        assertJsonContentType(response);
        assertEquals(
                String.valueOf(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                response.headers().firstValue("Content-Length").orElse("none (chunked)"));
        assertTrue(TestServer.json(response).at("/body/small").asBoolean());
    }

    @Test
    public void anAnswerLargerThanTheResponseBufferIsSentWhole() throws Exception {
        String big = "x".repeat(3 * 1024 * 1024); // larger than any response buffer: written on a server thread
        server.invoker.behaviour = invocation -> CompletableFuture.supplyAsync(() ->
                ServiceOperationResponse.ok(TestServer.JSON.createObjectNode().put("big", big)));
        HttpResponse<String> response = server.post(INVOKE, "{}");
        assertEquals(200, response.statusCode());
        assertEquals(big, TestServer.json(response).at("/body/big").asText());
    }

    @Test
    public void everyInvocationExceptionIsPassedThroughWithItsDetails() throws Exception {
        List<ErrorDetail> details =
                List.of(new ErrorDetail("/name", "is required"), new ErrorDetail("/age", "must be an integer"));
        for (int status : new int[] {400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504}) {
            String code = "Code" + status;
            server.invoker.behaviour = invocation -> CompletableFuture.failedFuture(
                    new InvocationException(status, code, "failed with " + status, details, null));
            HttpResponse<String> response = server.post(INVOKE, "{}");
            JsonNode error = assertError(response, status, code);
            assertEquals("failed with " + status, error.get("message").asText());
            assertEquals(TestServer.json("""
                    [{"target":"/name","message":"is required"},{"target":"/age","message":"must be an integer"}]"""), error.get("details"));
        }
    }

    @Test
    public void anInvocationExceptionWithoutDetailsHasAnEmptyArray() throws Exception {
        server.invoker.behaviour = invocation -> CompletableFuture.failedFuture(
                new CompletionException(new InvocationException(504, "Timeout", "took too long")));
        JsonNode error = assertError(server.post(INVOKE, "{}"), 504, "Timeout");
        assertEquals(0, error.get("details").size());
    }

    @Test
    public void aFailureThatAdvisesRetryingIsAnsweredWithRetryAfter() throws Exception {
        server.invoker.behaviour = invocation -> CompletableFuture.failedFuture(
                new InvocationException(Failure.Reason.TOO_MANY_REQUESTS, "RateLimited", "slow down", 2));
        HttpResponse<String> response = server.post(INVOKE, "{}");
        assertError(response, 429, "RateLimited");
        assertEquals("2", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    public void unexpectedFailuresAre500WithABody() throws Exception {
        server.invoker.behaviour = invocation -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
        assertError(server.post(INVOKE, "{}"), 500, "InternalError");

        server.invoker.behaviour = invocation -> {
            throw new IllegalStateException("thrown, not returned");
        };
        assertError(server.post(INVOKE, "{}"), 500, "InternalError");

        server.invoker.behaviour = invocation -> null;
        assertError(server.post(INVOKE, "{}"), 500, "InternalError");
    }

    @Test
    public void malformedJsonIs400WithWhereButWithoutTheText() throws Exception {
        HttpResponse<String> response = server.post(INVOKE, "{\"connection\":{\n  \"token\": " + SECRET + "}}");
        JsonNode error = assertError(response, 400, "InvalidJson");
        String message = error.get("message").asText();
        assertTrue(message, message.contains("line 2, column"));
        assertFalse(message, message.contains(SECRET));
        assertTrue(server.invoker.invocations.isEmpty());

        assertError(server.post(INVOKE, "{\"parameters\":{}"), 400, "InvalidJson");
        assertError(server.post(INVOKE, "{} {}"), 400, "InvalidJson");
        assertError(server.post(INVOKE, "{\"parameters\":{},\"parameters\":{}}"), 400, "InvalidJson");
    }

    @Test
    public void parametersMustBeAnObject() throws Exception {
        for (String parameters : new String[] {"[1,2]", "\"Ada\"", "42"}) {
            JsonNode error =
                    assertError(server.post(INVOKE, "{\"parameters\":" + parameters + "}"), 400, "InvalidRequest");
            assertEquals("/parameters", error.at("/details/0/target").asText());
        }
        assertError(server.post(INVOKE, "[]"), 400, "InvalidRequest");
        assertError(server.post(INVOKE, "{\"headers\":{\"X-A\":1}}"), 400, "InvalidRequest");
        assertError(server.post(INVOKE, "{\"connection\":[\"" + SECRET + "\"]}"), 400, "InvalidRequest");
        assertTrue(server.invoker.invocations.isEmpty());
    }

    @Test
    public void aNamedConnectionIsResolvedByTheStore() throws Exception {
        server.connections.put("my-conn", "greeter", java.util.Map.of("salutation", "Hi", "apiKey", SECRET));
        assertEquals(200, server.post(INVOKE, "{\"connection\":\"my-conn\"}").statusCode());
        assertEquals(SECRET, server.invoker.invocations.get(0).connection().getString("apiKey"));
        assertEquals(
                "for rate limits per connection",
                "my-conn",
                server.invoker.invocations.get(0).connectionName());
        assertError(server.post(INVOKE, "{\"connection\":\"nobody\"}"), 404, "ConnectionNotFound");
        server.connections.put("other", "sql", java.util.Map.of());
        assertError(server.post(INVOKE, "{\"connection\":\"other\"}"), 400, "ConnectionMismatch");
        assertEquals(1, server.invoker.invocations.size());
    }

    @Test
    public void aRateLimitOrAFullBulkheadSaysWhenToTryAgain() throws Exception {
        server.invoker.behaviour = invocation ->
                CompletableFuture.failedFuture(new dev.switchboard.host.api.InvocationException(
                        429,
                        "RateLimited",
                        "Connector greeter accepts 2.0 calls per second",
                        java.util.List.of(),
                        null,
                        3));
        HttpResponse<String> limited = server.post(INVOKE, "{}");
        assertError(limited, 429, "RateLimited");
        assertEquals("3", limited.headers().firstValue("Retry-After").orElse(null));
        server.invoker.behaviour = invocation -> CompletableFuture.failedFuture(
                new dev.switchboard.host.api.InvocationException(504, "Timeout", "too slow"));
        HttpResponse<String> timedOut = server.post(INVOKE, "{}");
        assertError(timedOut, 504, "Timeout");
        assertTrue(
                "no advice, no header",
                timedOut.headers().firstValue("Retry-After").isEmpty());
        assertTrue(server.invoker.invocations.get(0).connectionName() == null);
    }

    @Test
    public void invalidVersionIs400() throws Exception {
        assertError(server.post(INVOKE + "?version=x.y", "{}"), 400, "InvalidVersion");
        assertTrue(server.invoker.invocations.isEmpty());
    }

    @Test
    public void aBodyOverTheLimitIs413WithContentLength() throws Exception {
        HttpResponse<String> response = server.post(INVOKE, largeBody());
        assertError(response, 413, "PayloadTooLarge");
        assertTrue(server.invoker.invocations.isEmpty());
    }

    @Test
    public void aChunkedBodyOverTheLimitIs413() throws Exception {
        HttpResponse<String> response = server.postChunked(INVOKE, largeBody().getBytes());
        assertError(response, 413, "PayloadTooLarge");
        assertTrue(server.invoker.invocations.isEmpty());
    }

    @Test
    public void aChunkedBodyUnderTheLimitIsRead() throws Exception {
        HttpResponse<String> response = server.postChunked(INVOKE, "{\"parameters\":{\"name\":\"Ada\"}}".getBytes());
        assertEquals(200, response.statusCode());
        assertEquals("Ada", single().request().parameters().get("name").asText());
    }

    /** A valid invocation body of 2 MiB. */
    private static String largeBody() {
        char[] filler = new char[2 * 1024 * 1024];
        Arrays.fill(filler, 'a');
        return "{\"parameters\":{\"text\":\"" + new String(filler) + "\"}}";
    }

    private Invocation single() {
        assertEquals(1, server.invoker.invocations.size());
        return server.invoker.invocations.get(0);
    }
}
