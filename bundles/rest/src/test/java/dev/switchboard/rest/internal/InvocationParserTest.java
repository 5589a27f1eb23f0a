package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.Test;

public class InvocationParserTest {

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final InvocationParser parser = new InvocationParser(mapper, new TestServer.FakeConnections());

    @Test
    public void anUnrecognizedTokenIsNotRepeated() {
        String message = parseError("{\"connection\": {\"password\": hunter2}}");
        assertTrue(message, message.startsWith("The request body is not valid JSON at line 1, column "));
        assertFalse(message, message.contains("hunter2"));
    }

    @Test
    public void aTokenWithAQuoteIsNotRepeatedEither() {
        String message = parseError("{\"connection\": {\"password\": it's-a-secret}}");
        assertFalse(message, message.contains("secret"));
        assertFalse(message, message.contains("it's"));
        assertTrue(message, message.contains("'null', 'true' or 'false'"));
    }

    @Test
    public void anUnterminatedObjectSaysWhere() {
        String message = parseError("{\"parameters\": {\n\"a\": 1\n");
        assertTrue(message, message.contains("line 3"));
        assertTrue(message, message.contains("end-of-input"));
        assertTrue(message, message.contains("(start marker at line 1, column 16)"));
    }

    @Test
    public void anUnexpectedCharacterIsNamed() {
        String message = parseError("{\"parameters\" {}}");
        assertTrue(message, message.contains("line 1, column 15"));
        assertTrue(message, message.contains("'{'"));
    }

    private String parseError(String body) {
        try {
            parser.parse(body.getBytes(StandardCharsets.UTF_8), "c", null, "op");
        } catch (ApiError e) {
            assertEquals(400, e.status());
            assertEquals("InvalidJson", e.code());
            return e.getMessage();
        }
        fail("not refused: " + body);
        return null;
    }
}
