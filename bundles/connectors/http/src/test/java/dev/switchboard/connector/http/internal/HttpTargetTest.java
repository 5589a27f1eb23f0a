package dev.switchboard.connector.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperationException;

public class HttpTargetTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    public void relativePathsJoinTheBasePath() {
        URI base = URI.create("https://api.example.com/v1/");
        assertEquals(
                "https://api.example.com/v1/users/7",
                HttpTarget.resolve("users/7", base, null).toString());
        assertEquals(
                "https://api.example.com/v1/users",
                HttpTarget.resolve("/users", base, null).toString());
        assertEquals(
                "https://api.example.com/v1?a=1",
                HttpTarget.resolve("?a=1", base, null).toString());
        assertEquals(
                "https://h/x",
                HttpTarget.resolve("x", URI.create("https://h"), null).toString());
        assertEquals("https://h/", HttpTarget.resolve("HTTPS://h", null, null).toString());
    }

    @Test
    public void queriesAreEncodedAndAppended() throws Exception {
        JsonNode queries = MAPPER.readTree("{\"a\":\"x+y z\",\"b\":[1,2],\"c\":null,\"é\":\"~*\"}");
        assertEquals(
                "https://h/p?k=v&a=x%2By%20z&b=1&b=2&%C3%A9=%7E*",
                HttpTarget.resolve("https://h/p?k=v#frag", null, queries).toString());
    }

    @Test
    public void fragmentsAreDropped() {
        assertEquals(
                "http://h/p",
                HttpTarget.resolve("http://h/p#section", null, null).toString());
    }

    @Test
    public void schemeRelativeAndHostlessUrisAreRefused() {
        for (String uri : List.of("//h/p", "http:/p", "http:p")) {
            try {
                HttpTarget.resolve(uri, URI.create("https://h"), null);
                fail(uri);
            } catch (ServiceOperationException e) {
                assertEquals(uri, 400, e.getStatusCode());
            }
        }
    }

    @Test
    public void unknownCharsetsAreBase64() {
        ResponseRenderer renderer = new ResponseRenderer(MAPPER);
        JsonNode out = renderer.render(
                200,
                Map.of("Content-Type", List.of("text/plain; charset=x-nope")),
                "hi".getBytes(StandardCharsets.UTF_8));
        assertEquals("base64", out.get("bodyEncoding").asText());
        JsonNode notUtf8 = renderer.render(200, Map.of(), new byte[] {(byte) 0xc3, (byte) 0x28});
        assertEquals("base64", notUtf8.get("bodyEncoding").asText());
        JsonNode pseudo =
                renderer.render(200, Map.of(":status", List.of("200"), "X-A", List.of("1", "2")), new byte[0]);
        assertEquals(MAPPER.createObjectNode().put("X-A", "1, 2"), pseudo.get("headers"));
    }
}
