package dev.switchboard.host.internal.deploy;

/**
 * What a deploy-folder file turned out to be when no bundle was installed from it.
 *
 * @param symbolicName its Bundle-SymbolicName, {@code null} unless it is a bundle
 * @param version      its Bundle-Version ({@code 0.0.0} when absent), {@code null} unless it is a bundle
 * @param problem      why it is not a usable bundle, {@code null} when it is one
 */
record ArchiveInspection(String symbolicName, String version, String problem) {

    static ArchiveInspection bundle(String symbolicName, String version) {
        return new ArchiveInspection(symbolicName, version, null);
    }

    static ArchiveInspection problem(String problem) {
        return new ArchiveInspection(null, null, problem);
    }

    boolean isBundle() {
        return problem == null;
    }
}
