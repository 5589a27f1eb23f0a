package dev.switchboard.connector.http.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.TraceContext;

/**
 * The outbound request of {@code sendRequest}, built from its inputs and the connection: method, target (the
 * connection's credential query parameters win over the caller's), deadline, headers (restricted and invalid ones
 * refused, the connection's credentials win, a child {@code traceparent} of the call's span) and body. A refused input
 * is 400 naming the input, never quoting a header value.
 */
final class OutboundRequests {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final SendRequestAction.Limits limits;
    private final ObjectMapper mapper;

    OutboundRequests(SendRequestAction.Limits limits, ObjectMapper mapper) {
        this.limits = limits;
        this.mapper = mapper;
    }

    /** The target of the {@code uri} input, against the connection's base URL, with the query parameters. */
    URI target(JsonNode inputs, HttpConnection connection) {
        String uri = inputs.path("uri").isTextual() ? inputs.path("uri").asText() : null;
        if (uri == null || uri.isBlank()) {
            throw HttpTarget.invalidInput("The input 'uri' is required and must be a string.");
        }
        return HttpTarget.resolve(uri, connection.baseUrl(), queries(inputs, connection));
    }

    static String method(JsonNode inputs) {
        String method = inputs.path("method").asText("").trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw HttpTarget.invalidInput(
                    "The input 'method' must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.");
        }
        return method;
    }

    long timeoutSeconds(JsonNode inputs) {
        JsonNode value = inputs.get("timeoutSeconds");
        if (value == null || value.isNull()) {
            return limits.defaultTimeoutSeconds();
        }
        if (!value.canConvertToLong()
                || !value.isIntegralNumber()
                || value.asLong() < 1
                || value.asLong() > limits.maxTimeoutSeconds()) {
            throw HttpTarget.invalidInput(
                    "The input 'timeoutSeconds' must be an integer from 1 to " + limits.maxTimeoutSeconds() + ".");
        }
        return value.asLong();
    }

    HttpRequest request(
            String method,
            URI target,
            JsonNode inputs,
            HttpConnection connection,
            Duration timeout,
            TraceContext trace) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout);
            Map<String, String> credentials = connection.credentialHeaders();
            boolean contentTypeGiven = false;
            boolean traceGiven = false;
            JsonNode headers = inputs.get("headers");
            if (headers != null && !headers.isNull()) {
                if (!headers.isObject()) {
                    throw HttpTarget.invalidInput("The input 'headers' must be an object of strings.");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> header = it.next();
                    String name = header.getKey();
                    if (!HeaderRules.isToken(name)) {
                        throw HttpTarget.invalidInput(
                                "The header name '" + HttpTarget.encode(name) + "' is not a valid HTTP header name.");
                    }
                    if (HeaderRules.isRestricted(name)) {
                        throw new ServiceOperationException(
                                400,
                                "RestrictedHeader",
                                "The header '" + name + "' is set by the HTTP client itself and cannot be given.");
                    }
                    if (!header.getValue().isValueNode()
                            || header.getValue().isNull()
                            || !HeaderRules.isValidValue(header.getValue().asText())) {
                        throw HttpTarget.invalidInput("The header '" + name
                                + "' must have a string value of Latin-1 characters " + "without control characters.");
                    }
                    if (credentials.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                        continue; // the connection's credentials win over a caller's header of the same name
                    }
                    contentTypeGiven |= name.equalsIgnoreCase("Content-Type");
                    traceGiven |= name.equalsIgnoreCase(TraceContext.HEADER);
                    builder.header(name, header.getValue().asText());
                }
            }
            credentials.forEach(builder::header);
            if (trace != null && !traceGiven) {
                builder.header(TraceContext.HEADER, trace.child().traceparent());
            }

            Body body = body(inputs);
            if (body != null && !contentTypeGiven) {
                builder.header("Content-Type", body.contentType());
            }
            return builder.method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                    .build();

        } catch (IllegalArgumentException e) {
            // checked beforehand; should the client still refuse, its message may quote a header value: drop it
            throw HttpTarget.invalidInput(
                    "The request could not be built from the inputs; check the header names and values.");
        }
    }

    /** The {@code queries} input with the connection's credential query parameters, which win over the caller's. */
    private JsonNode queries(JsonNode inputs, HttpConnection connection) {
        JsonNode queries = inputs.get("queries");
        if (connection.credentialQueries().isEmpty()) {
            return queries;
        }
        ObjectNode merged =
                queries != null && queries.isObject() ? ((ObjectNode) queries).deepCopy() : mapper.createObjectNode();
        if (queries != null && !queries.isNull() && !queries.isObject()) {
            throw HttpTarget.invalidInput("The input 'queries' must be an object.");
        }
        connection.credentialQueries().forEach(merged::put);
        return merged;
    }

    private record Body(byte[] bytes, String contentType) {}

    private Body body(JsonNode inputs) {
        JsonNode body = inputs.get("body");
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        String encoding =
                inputs.path("bodyEncoding").asText(body.isTextual() ? ResponseRenderer.TEXT : ResponseRenderer.JSON);
        switch (encoding) {
            case ResponseRenderer.JSON:
                try {
                    return new Body(mapper.writeValueAsBytes(body), "application/json");
                } catch (JsonProcessingException e) {
                    throw HttpTarget.invalidInput("The input 'body' could not be written as JSON.");
                }
            case ResponseRenderer.TEXT:
                if (!body.isTextual()) {
                    throw HttpTarget.invalidInput("With bodyEncoding 'text' the input 'body' must be a string.");
                }
                return new Body(body.asText().getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
            case ResponseRenderer.BASE64:
                if (!body.isTextual()) {
                    throw HttpTarget.invalidInput("With bodyEncoding 'base64' the input 'body' must be a string.");
                }
                try {
                    return new Body(Base64.getMimeDecoder().decode(body.asText()), "application/octet-stream");
                } catch (IllegalArgumentException e) {
                    throw HttpTarget.invalidInput("The input 'body' is not valid Base64.");
                }
            default:
                throw HttpTarget.invalidInput("The input 'bodyEncoding' must be json, text or base64.");
        }
    }
}
