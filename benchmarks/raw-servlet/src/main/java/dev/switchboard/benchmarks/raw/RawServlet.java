package dev.switchboard.benchmarks.raw;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The floor of what an HTTP call can cost on this host: reads the request body, answers the exact bytes the no-op
 * invoke answers ({@code ServiceOperationResponse.ok({"ok":true})} as the REST API serializes it). No authentication,
 * no JSON parsing, no dispatch.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/bench/raw")
@HttpWhiteboardServletName("switchboard-bench-raw")
public final class RawServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final byte[] BODY =
            "{\"statusCode\":200,\"headers\":{},\"body\":{\"ok\":true}}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] buffer = new byte[4096];
        try (InputStream in = request.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // discard, as the REST API reads the whole body before it answers
            }
        }
        response.setStatus(200);
        response.setContentType("application/json; charset=UTF-8");
        // no Content-Length, as the REST API writes a small answer: Jetty sends it, with its length, as the response
        // completes. Setting it makes this write the last one, flushed from here, which measured slower at one
        // client; the baseline must not be the slower of the two ways.
        response.getOutputStream().write(BODY);
    }
}
