package dev.switchboard.rest.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.security.api.ApiToken;
import dev.switchboard.security.api.ApiTokens;
import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.IssuedToken;
import dev.switchboard.security.api.Role;

/**
 * {@code /tokens[/{id}]}: API tokens, for the admin only (the API's servlet context checks the role). The token itself
 * is in the answer to its creation only.
 */
final class TokenEndpoints {

    private final ApiTokens tokens;
    private final ObjectMapper mapper;
    private final RequestBodyReader bodyReader;
    private final ResponseWriter writer;

    TokenEndpoints(ApiTokens tokens, ObjectMapper mapper, RequestBodyReader bodyReader, ResponseWriter writer) {
        this.tokens = tokens;
        this.mapper = mapper;
        this.bodyReader = bodyReader;
        this.writer = writer;
    }

    /** {@code POST /tokens {name, roles, connectors?, expiresIn?}}: 201 with the token, shown this once. */
    void create(ApiCall call) throws IOException {
        JsonNode body;
        try {
            body = mapper.readTree(bodyReader.read(call.request()));
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("InvalidJson", "The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest(
                    "InvalidToken",
                    "The body must be {\"name\", \"roles\": [...], "
                            + "\"connectors\"?: [...], \"expiresIn\"?: seconds or an ISO-8601 duration}.");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonNode role : array(body, "roles")) {
            Role parsed = role.isTextual() ? Role.byName(role.asText()) : null;
            if (parsed == null) {
                throw ApiError.badRequest(
                        "InvalidToken", "roles: " + role + " is not one of admin, operator, " + "invoker, metrics.");
            }
            roles.add(parsed);
        }
        List<String> connectors = new ArrayList<>();
        for (JsonNode connector : array(body, "connectors")) {
            if (!connector.isTextual()) {
                throw ApiError.badRequest("InvalidToken", "connectors must be a list of connector id patterns.");
            }
            connectors.add(connector.asText());
        }
        Object caller = call.request().getAttribute(Caller.REQUEST_ATTRIBUTE);
        IssuedToken issued;
        try {
            issued = tokens.create(
                    body.path("name").asText(null),
                    roles,
                    connectors,
                    expiresIn(body.get("expiresIn")),
                    caller instanceof Caller c ? c.id() : "unknown");
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("InvalidToken", e.getMessage());
        }
        ObjectNode view = view(issued.token());
        view.put("token", issued.secret());
        call.response()
                .setHeader(
                        "Location",
                        call.request().getRequestURI() + "/" + issued.token().id());
        call.response().setHeader("Cache-Control", "no-store");
        writer.json(call.response(), 201, view);
    }

    /** {@code GET /tokens}: every token, never its secret. */
    void list(ApiCall call) throws IOException {
        ArrayNode list = mapper.createArrayNode();
        for (ApiToken token : tokens.list()) {
            list.add(view(token));
        }
        writer.json(call.response(), 200, list);
    }

    /** {@code DELETE /tokens/{id}}: 204, or 404 when there is no such token. */
    void revoke(ApiCall call) {
        if (!tokens.revoke(call.path("id"))) {
            throw ApiError.notFound("TokenNotFound", "There is no API token with id '" + call.path("id") + "'.");
        }
        call.response().setStatus(204);
    }

    private ObjectNode view(ApiToken token) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", token.id()).put("name", token.name());
        ArrayNode roles = node.putArray("roles");
        token.roles().stream().map(Role::wireName).sorted().forEach(roles::add);
        token.connectors().forEach(node.putArray("connectors")::add);
        node.put("createdAt", token.createdAt().toString()).put("createdBy", token.createdBy());
        node.put(
                "expiresAt",
                token.expiresAt() == null ? null : token.expiresAt().toString());
        return node;
    }

    private static Iterable<JsonNode> array(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("InvalidToken", field + " must be a list.");
        }
        return node;
    }

    /** Seconds as a number, or an ISO-8601 duration such as {@code PT24H}; null: never expires. */
    private static Duration expiresIn(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.canConvertToLong() && node.isIntegralNumber()) {
            return Duration.ofSeconds(node.asLong());
        }
        if (node.isTextual()) {
            try {
                return Duration.parse(node.asText());
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw ApiError.badRequest(
                "InvalidToken", "expiresIn must be a number of seconds or an ISO-8601 duration " + "such as PT24H.");
    }
}
