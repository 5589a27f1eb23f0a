package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.host.api.RollbackException;
import dev.switchboard.host.api.RollbackException.Reason;

public class RollbackApiTest {

    private TestServer server;

    @Before
    public void start() throws Exception {
        server = new TestServer();
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    @Test
    public void rollbackAnswersTheVersionNowActiveAndTheOneBefore() throws Exception {
        HttpResponse<String> response = server.post("/api/connectors/greeter/rollback", "");
        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(TestServer.json("""
                {"id":"greeter","version":"1.0.0","previousVersion":"2.0.0","file":"greeter.jar"}"""), TestServer.json(response));
        assertEquals(List.of("greeter"), server.control.rollbacks);
    }

    @Test
    public void failuresMapToStatuses() throws Exception {
        assertError(Reason.UNKNOWN_CONNECTOR, 404, "ConnectorNotFound");
        assertError(Reason.NOTHING_TO_ROLL_BACK, 409, "NothingToRollBack");
        assertError(Reason.TIMED_OUT, 504, "RollbackTimeout");
        assertError(Reason.FAILED, 500, "RollbackFailed");
    }

    @Test
    public void onlyPost() throws Exception {
        assertEquals(405, server.get("/api/connectors/greeter/rollback").statusCode());
        assertEquals(List.of(), server.control.rollbacks);
    }

    private void assertError(Reason reason, int status, String code) throws Exception {
        server.control.failure = new RollbackException(reason, "because " + reason);
        HttpResponse<String> response = server.post("/api/connectors/greeter/rollback", "");
        assertEquals(response.body(), status, response.statusCode());
        JsonNode error = TestServer.json(response).get("error");
        assertEquals(code, error.get("code").asText());
        assertEquals("because " + reason, error.get("message").asText());
    }
}
