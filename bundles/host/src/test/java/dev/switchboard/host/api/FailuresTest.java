package dev.switchboard.host.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.host.internal.views.JacksonViews;

public class FailuresTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    public void aFailureInsideCompletionWrappersIsFoundAsItIs() {
        InvocationException failure = new InvocationException(Failure.Reason.NOT_FOUND, "ConnectorNotFound", "none");
        Throwable wrapped = new CompletionException(new ExecutionException(failure));
        assertSame(failure, Failures.of(wrapped));
        assertEquals(404, Failures.status(failure));
    }

    @Test
    public void aConnectorsFailureKeepsItsStatusCodeAndMessageWhateverTheStatus() {
        Failure teapot = Failures.of(new CompletionException(new ServiceOperationException(418, "Teapot", "short")));
        assertEquals(418, Failures.status(teapot));
        assertEquals(Failure.Reason.OTHER, teapot.reason());
        assertEquals("Teapot", teapot.code());
        Failure missing = Failures.of(new ServiceOperationException(404, "FileNotFound", "no a.txt"));
        assertEquals(Failure.Reason.NOT_FOUND, missing.reason());
        assertEquals(404, Failures.status(missing));
    }

    @Test
    public void aRollbackIsAnsweredWithItsReasonsStatusAndCode() {
        Failure failure = Failures.of(new RollbackException(RollbackException.Reason.NOTHING_TO_ROLL_BACK, "nothing"));
        assertEquals(409, Failures.status(failure));
        assertEquals(Failure.Reason.CONFLICT, failure.reason());
        assertEquals(
                "{\"error\":{\"code\":\"NothingToRollBack\",\"message\":\"nothing\",\"details\":[]}}",
                json(Failures.body(failure)));
    }

    @Test
    public void anythingElseIsNoFailureOfTheCallersAndIsAnsweredAsInternal() {
        assertNull(Failures.of(new CompletionException(new IllegalStateException("bug"))));
        assertEquals(500, Failures.status(Failures.internal()));
        assertEquals("InternalError", Failures.internal().code());
    }

    @Test
    public void theBodyHasCodeMessageAndDetailsInTheApiShape() {
        InvocationException failure = new InvocationException(
                Failure.Reason.INVALID_REQUEST,
                "InvalidInput",
                "bad",
                List.of(new ErrorDetail("/name", "is required")),
                null);
        String expected = "{\"error\":{\"code\":\"InvalidInput\",\"message\":\"bad\",\"details\":"
                + "[{\"target\":\"/name\",\"message\":\"is required\"}]}}";
        assertEquals(expected, json(Failures.body(failure)));
        assertEquals(expected, new JacksonViews().error(failure).toString());
    }

    @Test
    public void aStatusOutsideTheErrorRangeIsAnsweredAs500AndABlankCodeAsFailed() {
        InvocationException odd = new InvocationException(200, " ", null);
        assertEquals(500, Failures.status(odd));
        assertEquals(
                "{\"error\":{\"code\":\"Failed\",\"message\":\"The request failed.\",\"details\":[]}}",
                json(Failures.body(odd)));
    }

    @Test
    public void everyReasonButOtherIsFoundByItsStatus() {
        for (Failure.Reason reason : Failure.Reason.values()) {
            if (reason != Failure.Reason.OTHER) {
                assertEquals(reason, Failure.Reason.of(reason.status()));
            }
        }
    }

    @Test
    public void retryAdviceTravelsWithTheFailure() {
        InvocationException limited =
                new InvocationException(Failure.Reason.TOO_MANY_REQUESTS, "RateLimited", "slow down", 3);
        assertEquals(429, Failures.status(limited));
        assertEquals(3, limited.retryAfterSeconds());
        assertEquals(0, new InvocationException(Failure.Reason.UNAVAILABLE, "Busy", "full", -1).retryAfterSeconds());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
