package dev.switchboard.webconsole.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.RollbackException;
import dev.switchboard.host.internal.views.JacksonViews;

public class ConsoleErrorTest {

    private final JacksonViews shared = new JacksonViews();
    private final ConsoleViews views = new ConsoleViews(shared);

    @Test
    public void thePagesErrorIsTheApisBodyWithItsStatusAdded() {
        InvocationException failure = new InvocationException(
                Failure.Reason.INVALID_REQUEST,
                "InvalidInput",
                "bad",
                List.of(new ErrorDetail("/name", "is required")),
                null);
        ObjectNode page = views.error(failure);
        ObjectNode api = shared.error(failure);
        assertEquals(400, page.path("error").path("status").asInt());
        ((ObjectNode) page.get("error")).remove("status");
        assertEquals(api, page);
    }

    @Test
    public void aRollbackFailureHasTheStatusAndCodeOfTheApi() {
        ObjectNode page = views.error(Failures.of(new RollbackException(RollbackException.Reason.TIMED_OUT, "late")));
        assertEquals(504, page.path("error").path("status").asInt());
        assertEquals("RollbackTimeout", page.path("error").path("code").asText());
        assertEquals("late", page.path("error").path("message").asText());
    }
}
