package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;

/**
 * Turns the body of {@code POST .../invoke}, {@code {"connection":{...}, "parameters":{...}, "headers":{...}}}, into
 * an {@link Invocation}; {@code "connection"} is the parameters inline or the name of a stored connection. Error
 * messages never repeat values from the body: connection parameters may be secrets.
 */
final class InvocationParser {

    /** A quoted token in a Jackson message: the text of the body, so possibly a secret. */
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private static final Pattern UNRECOGNIZED =
            Pattern.compile("^Unrecognized token '.*?': was expecting", Pattern.DOTALL);
    private static final Set<String> KEPT_TOKENS = Set.of("null", "true", "false");
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private final ObjectMapper mapper;
    private final ConnectionStore connections;

    InvocationParser(ObjectMapper mapper, ConnectionStore connections) {
        this.mapper = mapper;
        this.connections = connections;
    }

    /**
     * @throws ApiError 400 InvalidJson or InvalidRequest; for a named connection, 404 ConnectionNotFound, 400
     *                  ConnectionMismatch or InvalidConnection
     */
    Invocation parse(byte[] body, String connectorId, String version, String operationId) {
        JsonNode root = readJson(body);
        if (root.isMissingNode()) {
            root = mapper.createObjectNode();
        }
        if (!root.isObject()) {
            throw invalid("", "The request body must be a JSON object.");
        }
        ConnectionParameters connection = connection(root.get("connection"), connectorId);
        JsonNode parameters = root.get("parameters");
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw invalid("/parameters", "parameters must be a JSON object of the operation's inputs.");
        }
        Map<String, String> headers = headers(root.get("headers"));
        JsonNode named = root.get("connection");
        return new Invocation(
                connectorId,
                version,
                operationId,
                connection,
                new ServiceOperationRequest(parameters == null || parameters.isNull() ? null : parameters, headers),
                named != null && named.isTextual() ? named.textValue() : null);
    }

    private JsonNode readJson(byte[] body) {
        try {
            return body.length == 0 ? mapper.missingNode() : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from a byte array", e);
        }
    }

    private ConnectionParameters connection(JsonNode connection, String connectorId) {
        if (connection == null || connection.isNull()) {
            return ConnectionParameters.empty();
        }
        if (connection.isTextual()) {
            try {
                return connections.resolve(connection.textValue(), connectorId);
            } catch (InvocationException e) {
                throw ApiError.of(e);
            }
        }
        if (!connection.isObject()) {
            throw invalid(
                    "/connection",
                    "connection must be the name of a connection or a JSON object of " + "connection parameters.");
        }
        return ConnectionParameters.of((ObjectNode) connection);
    }

    private static Map<String, String> headers(JsonNode headers) {
        if (headers == null || headers.isNull()) {
            return Map.of();
        }
        if (!headers.isObject()) {
            throw invalid("/headers", "headers must be a JSON object of header names and string values.");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (!header.getValue().isTextual()) {
                throw invalid("/headers/" + pointerEscape(header.getKey()), "A header value must be a string.");
            }
            result.put(header.getKey(), header.getValue().textValue());
        }
        return result;
    }

    /** 400 InvalidJson saying what is wrong and where, without the offending text (it may be a secret). */
    static ApiError invalidJson(JsonProcessingException e) {
        String problem = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        problem = UNRECOGNIZED.matcher(problem).replaceFirst("Unrecognized token: was expecting");
        problem = QUOTED.matcher(problem)
                .replaceAll(m -> KEPT_TOKENS.contains(m.group(1)) || m.group(1).length() < 2
                        ? Matcher.quoteReplacement(m.group())
                        : "'...'");
        problem = SOURCE.matcher(problem).replaceAll("line $1, column $2").replaceAll("[\\r\\n]+", " ");
        if (problem.length() > 300) {
            problem = problem.substring(0, 300) + "...";
        }
        JsonLocation location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return ApiError.badRequest("InvalidJson", "The request body is not valid JSON" + where + ": " + problem);
    }

    private static ApiError invalid(String target, String message) {
        return new ApiError(
                Failure.Reason.INVALID_REQUEST,
                "InvalidRequest",
                message,
                List.of(new ErrorDetail(target, message)),
                Map.of());
    }

    private static String pointerEscape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
