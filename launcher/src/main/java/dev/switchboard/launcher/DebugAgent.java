package dev.switchboard.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The JDWP agent this JVM was started with ({@code ./switchboard --debug} adds
 * {@code -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5005}; {@code JAVA_OPTS} may hold
 * one too), and how to attach an IDE to it, for the banner. A JVM cannot open JDWP for itself once started, so
 * {@code --debug} is the script's option, not the launcher's.
 */
final class DebugAgent {
    static final int DEFAULT_PORT = 5005;

    private final String host;
    private final String port;
    private final boolean suspend;

    private DebugAgent(String host, String port, boolean suspend) {
        this.host = host;
        this.port = port;
        this.suspend = suspend;
    }

    /** The socket JDWP listens on, from the JVM's arguments; {@code null} when there is none (or it connects out). */
    static DebugAgent of(List<String> jvmArguments) {
        for (String argument : jvmArguments) {
            String options;
            if (argument.startsWith("-agentlib:jdwp=")) {
                options = argument.substring("-agentlib:jdwp=".length());
            } else if (argument.startsWith("-Xrunjdwp:")) {
                options = argument.substring("-Xrunjdwp:".length());
            } else {
                continue;
            }
            String address = null;
            boolean server = false;
            boolean suspend = true; // JDWP's default
            for (String option : options.split(",")) {
                if (option.startsWith("address=")) {
                    address = option.substring("address=".length());
                } else if (option.equals("server=y")) {
                    server = true;
                } else if (option.equals("suspend=n")) {
                    suspend = false;
                }
            }
            if (!server || address == null) {
                return null;
            }
            int colon = address.lastIndexOf(':');
            // JDK 9 and later: a port alone listens on the loopback address only
            String host = colon < 0 ? "127.0.0.1" : address.substring(0, colon);
            return new DebugAgent(host, address.substring(colon + 1), suspend);
        }
        return null;
    }

    boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
    }

    /** Banner lines: where it listens and how to attach IntelliJ IDEA, Eclipse, VS Code and jdb. */
    List<String> bannerLines() {
        String attachHost = host.equals("*") || host.equals("0.0.0.0") ? "localhost" : host;
        List<String> lines = new ArrayList<>();
        lines.add("  Debug     JDWP listening on " + host + ":" + port + (suspend ? " (suspend=y)" : "")
                + (loopbackOnly()
                        ? " (this machine only)"
                        : "   <- reachable from the network: anyone who reaches "
                                + "it can run any code in Switchboard"));
        lines.add("    IntelliJ IDEA  Run > Edit Configurations > + > Remote JVM Debug: host " + attachHost + ", port "
                + port + ", then Debug");
        lines.add("    Eclipse        Run > Debug Configurations > Remote Java Application: host " + attachHost
                + ", port " + port + " (Standard (Socket Attach))");
        lines.add("    VS Code        launch.json: {\"type\": \"java\", \"request\": \"attach\", \"name\": "
                + "\"Switchboard\", \"hostName\": \"" + attachHost + "\", \"port\": " + port + "}");
        lines.add("    jdb            jdb -attach " + attachHost + ":" + port);
        return lines;
    }
}
