package dev.switchboard.launcher;

import java.nio.file.Path;
import java.util.Objects;

/** A Maven id as the OSGi Feature spec writes it: {@code groupId:artifactId[:type[:classifier]]:version}. */
final class MavenId {
    private final String groupId;
    private final String artifactId;
    private final String type;
    private final String classifier;
    private final String version;

    private MavenId(String groupId, String artifactId, String type, String classifier, String version) {
        this.groupId = groupId;
        this.artifactId = artifactId;
        this.type = type;
        this.classifier = classifier;
        this.version = version;
    }

    static MavenId parse(String id) {
        String[] parts = id == null ? new String[0] : id.trim().split(":", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new IllegalArgumentException(
                        "Not a Maven id (groupId:artifactId[:type[:classifier]]:version): " + id);
            }
        }
        switch (parts.length) {
            case 3:
                return new MavenId(parts[0], parts[1], "jar", null, parts[2]);
            case 4:
                return new MavenId(parts[0], parts[1], parts[2], null, parts[3]);
            case 5:
                return new MavenId(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default:
                throw new IllegalArgumentException(
                        "Not a Maven id (groupId:artifactId[:type[:classifier]]:version): " + id);
        }
    }

    /** Where the artifact lies in a folder laid out like a Maven repository. */
    Path pathIn(Path repository) {
        Path path = repository;
        for (String segment : groupId.split("\\.")) {
            path = path.resolve(segment);
        }
        String file = artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
        return path.resolve(artifactId).resolve(version).resolve(file);
    }

    /** The id without the version: two bundles with the same key are the same artifact. */
    String versionlessKey() {
        return groupId + ":" + artifactId + ":" + type + (classifier == null ? "" : ":" + classifier);
    }

    String version() {
        return version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MavenId && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    @Override
    public String toString() {
        if (classifier != null) {
            return groupId + ":" + artifactId + ":" + type + ":" + classifier + ":" + version;
        }
        return "jar".equals(type)
                ? groupId + ":" + artifactId + ":" + version
                : groupId + ":" + artifactId + ":" + type + ":" + version;
    }
}
