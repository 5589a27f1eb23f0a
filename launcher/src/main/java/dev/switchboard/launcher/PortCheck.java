package dev.switchboard.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Tells before the framework starts whether the HTTP port can be bound, so a clash is reported plainly. */
final class PortCheck {
    private PortCheck() {}

    static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // as Jetty does: a port in TIME_WAIT is usable
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
