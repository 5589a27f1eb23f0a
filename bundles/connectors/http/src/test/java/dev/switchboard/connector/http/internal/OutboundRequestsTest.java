package dev.switchboard.connector.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.TraceContext;

public class OutboundRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOKEN = "tok-never-shown";
    private final OutboundRequests requests =
            new OutboundRequests(new SendRequestAction.Limits(1024, 10, 30, 5, 4), MAPPER);
    private final HttpConnection bearer = HttpConnection.from(ConnectionParameters.of(
            Map.of("baseUrl", "https://api.example.com/v1/", "authType", "bearer", "token", TOKEN)));

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private HttpRequest build(String inputs, TraceContext trace) throws Exception {
        JsonNode in = json(inputs);
        String method = OutboundRequests.method(in);
        URI target = requests.target(in, bearer);
        return requests.request(method, target, in, bearer, Duration.ofSeconds(requests.timeoutSeconds(in)), trace);
    }

    private static ServiceOperationException refused(ThrowingRunnable build) {
        try {
            build.run();
        } catch (ServiceOperationException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        fail("not refused");
        return null;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    public void theRequestGoesToTheBaseUrlWithTheConnectionsCredentialsWinning() throws Exception {
        HttpRequest request = build(
                "{'method':'post','uri':'items','headers':{'Authorization':'Bearer caller','X-A':'1'},'body':{'a':1}}",
                null);
        assertEquals("POST", request.method());
        assertEquals(URI.create("https://api.example.com/v1/items"), request.uri());
        assertEquals(
                "Bearer " + TOKEN, request.headers().firstValue("Authorization").orElseThrow());
        assertEquals("1", request.headers().firstValue("X-A").orElseThrow());
        assertEquals(
                "application/json", request.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(Duration.ofSeconds(10), request.timeout().orElseThrow());
        assertEquals(7, request.bodyPublisher().orElseThrow().contentLength()); // {"a":1}
    }

    @Test
    public void theCallsSpanGoesOutAsAChildUnlessTheCallerGaveATraceparent() throws Exception {
        TraceContext trace = TraceContext.newTrace();
        String sent = build("{'method':'GET','uri':'x'}", trace)
                .headers()
                .firstValue(TraceContext.HEADER)
                .orElseThrow();
        TraceContext child = TraceContext.parse(sent).orElseThrow();
        assertEquals(trace.traceId(), child.traceId());
        assertNotEquals(trace.spanId(), child.spanId());
        String given = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assertEquals(
                given,
                build("{'method':'GET','uri':'x','headers':{'traceparent':'" + given + "'}}", trace)
                        .headers()
                        .firstValue(TraceContext.HEADER)
                        .orElseThrow());
    }

    @Test
    public void badInputsAre400NamingTheInputNeverAHeaderValue() {
        assertEquals(
                "InvalidInput",
                refused(() -> build("{'method':'BREW','uri':'x'}", null)).getCode());
        assertEquals(
                "InvalidInput", refused(() -> build("{'method':'GET'}", null)).getCode());
        assertEquals(
                "RestrictedHeader",
                refused(() -> build("{'method':'GET','uri':'x','headers':{'Host':'evil'}}", null))
                        .getCode());
        ServiceOperationException control =
                refused(() -> build("{'method':'GET','uri':'x','headers':{'X-A':'a\\u0001secret'}}", null));
        assertFalse(control.getMessage(), control.getMessage().contains("secret"));
        assertTrue(refused(() -> build("{'method':'GET','uri':'x','timeoutSeconds':31}", null))
                .getMessage()
                .contains("from 1 to 30"));
        assertEquals(
                "InvalidInput",
                refused(() -> build("{'method':'PUT','uri':'x','body':5,'bodyEncoding':'text'}", null))
                        .getCode());
    }

    @Test
    public void textAndBase64BodiesKeepTheirBytes() throws Exception {
        HttpRequest text = build("{'method':'PUT','uri':'x','body':'héllo'}", null);
        assertEquals(
                "text/plain; charset=UTF-8",
                text.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(6, text.bodyPublisher().orElseThrow().contentLength());
        HttpRequest binary = build("{'method':'PUT','uri':'x','body':'AAEC','bodyEncoding':'base64'}", null);
        assertEquals(3, binary.bodyPublisher().orElseThrow().contentLength());
    }
}
