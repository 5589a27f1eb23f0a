package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.host.api.ErrorBody;
import dev.switchboard.host.api.Failures;

/** Writes every response of the API: JSON bodies, the error body and 304s, always as UTF-8 JSON. */
final class ResponseWriter {

    static final String CONTENT_TYPE = "application/json; charset=UTF-8";

    private final ObjectMapper mapper;

    ResponseWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void json(HttpServletResponse response, int status, Object body) throws IOException {
        bytes(response, status, serialize(body));
    }

    byte[] serialize(Object body) throws IOException {
        return mapper.writeValueAsBytes(body);
    }

    /** For a body built by this class, which always serializes. */
    byte[] serializeQuietly(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A body no larger than the response buffer, without a Content-Length: it stays in the buffer, and the server
     * sends it (with its length) when the response completes, without blocking the calling thread.
     */
    void buffered(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.getOutputStream().write(body);
    }

    void bytes(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    void notModified(HttpServletResponse response, String etag) {
        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("ETag", etag);
    }

    /** Writes {@code {"error":{...}}} unless the response is already committed (then there is nothing to do). */
    void error(HttpServletResponse response, ApiError error) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        for (Map.Entry<String, String> header : error.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        json(response, Failures.status(error), errorBody(error));
    }

    /** The body {@link Failures#body} gives the error. */
    ErrorBody errorBody(ApiError error) {
        return Failures.body(error);
    }
}
