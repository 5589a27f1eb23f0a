package dev.switchboard.host.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a successful {@link DeploymentControl#rollback rollback}.
 *
 * @param id              the connector id
 * @param version         the version ACTIVE now (the content put back)
 * @param previousVersion the version that was ACTIVE before the rollback
 * @param file            the deploy-folder file name whose content was put back
 */
public record Rollback(String id, String version, String previousVersion, String file) {

    /**
     * What the audit trail records of it, whoever asked for it (the API, the console, the shell): {@code version},
     * {@code previousVersion} and {@code file}, in that order.
     *
     * @since 1.7.0
     */
    public Map<String, String> auditDetails() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", version);
        details.put("previousVersion", previousVersion);
        details.put("file", file);
        return details;
    }
}
