package dev.switchboard.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.switchboard.host.api.Failure;

/**
 * Reads a request body of at most {@code maxBytes}: a larger declared {@code Content-Length} is refused before
 * anything is read, and a body without one (chunked) is counted while it is read.
 */
final class RequestBodyReader {

    private static final int BUFFER_SIZE = 8192;

    private final int maxBytes;

    RequestBodyReader(long maxBytes) {
        this.maxBytes = (int) Math.max(1, Math.min(maxBytes, Integer.MAX_VALUE - 16));
    }

    /** @throws ApiError 413 when the body is larger than the limit */
    byte[] read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : BUFFER_SIZE);
        byte[] buffer = new byte[BUFFER_SIZE];
        InputStream in = request.getInputStream();
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge();
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private ApiError tooLarge() {
        // the rest of the body is not read; closing the connection spares the server from draining it
        return new ApiError(
                Failure.Reason.TOO_LARGE,
                "PayloadTooLarge",
                "The request body is larger than " + maxBytes + " bytes.",
                List.of(),
                Map.of("Connection", "close"));
    }
}
