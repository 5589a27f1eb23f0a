package dev.switchboard.host.api;

/**
 * The outcome of a successful {@link DeploymentControl#rollback rollback}.
 *
 * @param id              the connector id
 * @param version         the version ACTIVE now (the content put back)
 * @param previousVersion the version that was ACTIVE before the rollback
 * @param file            the deploy-folder file name whose content was put back
 */
public record Rollback(String id, String version, String previousVersion, String file) {}
