package dev.switchboard.rest.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.Rollback;
import dev.switchboard.host.api.RollbackException;

/** {@code POST /connectors/{id}/rollback}: puts the previous content of the connector's deploy-folder file back. */
final class RollbackEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RollbackEndpoint.class);

    private final DeploymentControl control;
    private final ObjectMapper mapper;
    private final ResponseWriter writer;

    RollbackEndpoint(DeploymentControl control, ObjectMapper mapper, ResponseWriter writer) {
        this.control = control;
        this.mapper = mapper;
        this.writer = writer;
    }

    void rollback(ApiCall call) throws IOException {
        Rollback rollback;
        try {
            rollback = control.rollback(call.path("id"));
        } catch (RollbackException e) {
            throw error(e);
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("id", rollback.id());
        body.put("version", rollback.version());
        body.put("previousVersion", rollback.previousVersion());
        body.put("file", rollback.file());
        writer.json(call.response(), 200, body);
    }

    static ApiError error(RollbackException e) {
        if (e.reason() == RollbackException.Reason.FAILED) {
            LOG.warn("Rollback failed: {}", e.getMessage(), e.getCause());
        }
        return ApiError.of(Failures.of(e));
    }
}
