package dev.switchboard.tracing.internal;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checked configuration: where spans go, as whom, with which headers. {@link #toString()} names the headers,
 * never their values (they may hold an API key).
 */
record ExportSettings(String tracesUrl, String serviceName, Map<String, String> headers, Duration timeout) {

    static final String TRACES_PATH = "/v1/traces";

    /** The settings of {@code config}; {@code null} when its endpoint is empty (export off). */
    static ExportSettings of(TracingConfiguration config) {
        String endpoint = config.endpoint() == null ? "" : config.endpoint().trim();
        if (endpoint.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint is not a URL: " + endpoint);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http:// or https:// URL: " + endpoint);
        }
        String url = endpoint.endsWith(TRACES_PATH) ? endpoint : endpoint.replaceAll("/+$", "") + TRACES_PATH;
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : config.headers()) {
            int eq = header == null ? -1 : header.indexOf('=');
            if (eq <= 0) {
                // the value may be a secret: the message shows neither it nor the entry
                throw new IllegalArgumentException(
                        "each of headers must be name=value (entry " + (headers.size() + 1) + " is not)");
            }
            headers.put(header.substring(0, eq).trim(), header.substring(eq + 1).trim());
        }
        String service = config.service_name() == null || config.service_name().isBlank()
                ? "switchboard"
                : config.service_name().trim();
        return new ExportSettings(
                url, service, Map.copyOf(headers), Duration.ofMillis(Math.max(1, config.timeout_ms())));
    }

    @Override
    public String toString() {
        return "endpoint " + tracesUrl + ", service.name " + serviceName + ", headers " + headers.keySet();
    }
}
