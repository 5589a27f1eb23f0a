package dev.switchboard.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.Part;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.DeploymentException;
import dev.switchboard.host.api.DeploymentFiles;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.Failure.Reason;

/**
 * The console's upload and removal of deploy-folder files, through the host's {@link DeploymentFiles}: the same checks
 * and the same atomic write as {@code PUT}/{@code DELETE /api/deployments/{file}}. The page follows the outcome itself
 * (it polls the overview), so nothing here waits for the scanner.
 */
final class ConsoleDeployFolder {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleDeployFolder.class);
    private static final long MAX_UPLOAD_BYTES = 256L << 20;
    private static final String CHOOSE = "Choose a connector jar to upload (form field 'file')";

    private final Supplier<DeploymentFiles> files;
    private final DeploymentInventory inventory;
    private final ObjectMapper mapper;

    ConsoleDeployFolder(Supplier<DeploymentFiles> files, DeploymentInventory inventory, ObjectMapper mapper) {
        this.files = files;
        this.inventory = inventory;
        this.mapper = mapper;
    }

    /**
     * Writes the uploaded part into the deploy folder: {@code {"file", "replaced"}}.
     *
     * @throws IllegalArgumentException without a file
     * @throws DeploymentException      what the host refused (a name, content that is not deployable, the size)
     */
    ObjectNode upload(Part part) throws IOException {
        if (part == null || part.getSubmittedFileName() == null) {
            throw new IllegalArgumentException(CHOOSE);
        }
        if (part.getSize() > MAX_UPLOAD_BYTES) {
            throw new DeploymentException(
                    Reason.TOO_LARGE,
                    "TooLarge",
                    "A connector jar may have at most " + (MAX_UPLOAD_BYTES >> 20) + " MiB");
        }
        Path submitted = Path.of(part.getSubmittedFileName().replace('\\', '/')).getFileName();
        if (submitted == null) { // "/": a name with no file in it
            throw new IllegalArgumentException(CHOOSE);
        }
        String name = submitted.toString();
        DeploymentFiles.Written written;
        try (InputStream in = part.getInputStream()) {
            written = files().write(name, in, Duration.ZERO);
        }
        LOG.info("Console upload: {} {} the deploy folder", name, written.replaced() ? "replaced in" : "added to");
        return mapper.createObjectNode().put("file", name).put("replaced", written.replaced());
    }

    /**
     * Deletes a file of the deploy folder: {@code {"file", "removed": true}}.
     *
     * @throws DeploymentException 404 {@code NotFound} when the folder lists no such file
     */
    ObjectNode remove(String file) {
        if (inventory.deployments().stream().noneMatch(d -> d.file().equals(file))) {
            throw new DeploymentException(Reason.NOT_FOUND, "NotFound", "No such file in the deploy folder");
        }
        files().remove(file, Duration.ZERO);
        LOG.info("Console removal: {} deleted from the deploy folder", file);
        return mapper.createObjectNode().put("file", file).put("removed", true);
    }

    private DeploymentFiles files() {
        DeploymentFiles current = files.get();
        if (current == null) {
            throw new DeploymentException(
                    Reason.UNAVAILABLE, "DeploymentsUnavailable", "The host's deploy-folder writer is not running.");
        }
        return current;
    }
}
