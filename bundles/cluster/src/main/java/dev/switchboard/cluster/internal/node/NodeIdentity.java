package dev.switchboard.cluster.internal.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who this node is: its id ({@code SWITCHBOARD_NODE_ID}, else generated once and kept in
 * {@code data/cluster/node.id} of the home, so a restarted node is the same node) and the URL it announces.
 */
final class NodeIdentity {

    static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private NodeIdentity() {}

    /**
     * @param configured the configured id, may be blank
     * @param home       the Switchboard home (the id file lives under it)
     */
    static String id(String configured, Path home) throws IOException {
        if (configured != null && !configured.isBlank()) {
            String id = configured.trim();
            if (!VALID_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("SWITCHBOARD_NODE_ID '" + id + "' is not a valid node id: use 1-64 "
                        + "letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            return id;
        }
        Path file = home.resolve("data").resolve("cluster").resolve("node.id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (VALID_ID.matcher(id).matches()) {
                return id;
            }
        }
        String id = "node-" + UUID.randomUUID().toString().substring(0, 8);
        Path folder = file.getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        Path temp = file.resolveSibling(".node.id.tmp");
        Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    /** The configured URL, else {@code http://<host name>:<port>} ({@code port} may be null: 8080). */
    static String url(String configured, String port) {
        if (configured != null && !configured.isBlank()) {
            String url = configured.trim();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "http://" + host + ":" + (port == null || port.isBlank() ? "8080" : port.trim());
    }

    /** The database as messages name it: the JDBC URL without its query (which may hold credentials). */
    static String describe(String jdbcUrl) {
        String url = jdbcUrl.replaceFirst("^jdbc:postgresql:(//)?", "");
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
