package dev.switchboard.host.api;

/**
 * The bundle that provides a connector or that a deploy-folder file installed.
 *
 * @param location the bundle location, for a deploy-folder file its URI
 */
public record BundleInfo(long id, String symbolicName, String version, String location) {}
