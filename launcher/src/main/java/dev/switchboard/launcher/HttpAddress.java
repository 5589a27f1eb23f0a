package dev.switchboard.launcher;

/**
 * The HTTP port and bind address of a run, and the URLs made from them: the one printed for people (a wildcard bind
 * shows as {@code localhost}) and the one the readiness probe calls (a wildcard bind is probed on 127.0.0.1).
 */
final class HttpAddress {

    private HttpAddress() {}

    /** The port as a canonical number string; a {@link StartupException} naming SWITCHBOARD_PORT otherwise. */
    static String port(String value) throws StartupException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return Integer.toString(port);
        } catch (NumberFormatException e) {
            throw new StartupException("SWITCHBOARD_PORT must be a port number (1-65535), not \"" + value + "\"");
        }
    }

    /** {@code http://host:port} for people. */
    static String base(String bind, String port) {
        return "http://" + hostForUrl(bind) + ":" + port;
    }

    /** {@code http://host:port} for the launcher's own requests. */
    static String probeBase(String bind, String port) {
        return "http://" + (isWildcard(bind) ? "127.0.0.1" : hostForUrl(bind)) + ":" + port;
    }

    private static String hostForUrl(String bind) {
        String host = isWildcard(bind) ? "localhost" : bind;
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static boolean isWildcard(String bind) {
        return bind.isEmpty() || "0.0.0.0".equals(bind) || "::".equals(bind) || "[::]".equals(bind);
    }
}
