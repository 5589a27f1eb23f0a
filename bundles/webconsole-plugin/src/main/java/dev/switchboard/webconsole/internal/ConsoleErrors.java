package dev.switchboard.webconsole.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.RollbackException;

/**
 * The page's error answers, shaped like the REST API's: {@code {error:{status, code, message, details:[{target,
 * message}]}}}, with the API's status and code for the same failure.
 */
final class ConsoleErrors {

    private ConsoleErrors() {
    }

    static ObjectNode body(ObjectMapper mapper, InvocationException e) {
        ObjectNode node = mapper.createObjectNode();
        ObjectNode error = node.putObject("error");
        error.put("status", e.status());
        error.put("code", e.code());
        error.put("message", e.getMessage());
        ArrayNode details = error.putArray("details");
        for (ErrorDetail d : e.details()) {
            details.addObject().put("target", d.target()).put("message", d.message());
        }
        return node;
    }

    /** The status and code {@code POST /api/connectors/{id}/rollback} answers with. */
    static InvocationException of(RollbackException e) {
        return new InvocationException(e.reason().status(), e.reason().code(), e.getMessage());
    }
}
