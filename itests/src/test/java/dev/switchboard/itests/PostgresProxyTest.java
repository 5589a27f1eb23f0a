package dev.switchboard.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** {@link PostgresProxy} against an echo server on loopback: forwards, cuts, black-holes and restores. */
public class PostgresProxyTest {

    private ServerSocket echo;
    private PostgresProxy proxy;

    @Before
    public void startEchoAndProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::echoLoop, "echo");
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = PostgresProxy.to("127.0.0.1", echo.getLocalPort());
    }

    @After
    public void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    public void forwardsBytesBothWays() throws IOException {
        try (Socket s = connect()) {
            assertEquals("hello", roundTrip(s, "hello"));
            assertEquals("again", roundTrip(s, "again"));
        }
        assertEquals(1, proxy.accepted());
    }

    @Test
    public void aCutResetsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        Socket before = connect();
        assertEquals("one", roundTrip(before, "one"));
        proxy.cut();
        assertThrows(IOException.class, () -> {
            roundTrip(before, "two");
            roundTrip(before, "three"); // the first write may still be buffered before the RST is seen
        });
        try (Socket during = connect()) {
            assertThrows(IOException.class, () -> roundTrip(during, "x"));
        }
        assertEquals(0, proxy.openConnections());
        proxy.restore();
        try (Socket after = connect()) {
            assertEquals("back", roundTrip(after, "back"));
        }
        before.close();
    }

    @Test
    public void aBlackHoleAnswersNothingUntilRestoredThenForwardsNewConnections() throws IOException {
        Socket open = connect();
        assertEquals("one", roundTrip(open, "one"));
        proxy.blackhole();
        open.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> roundTrip(open, "lost"));
        try (Socket during = connect()) {
            during.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> roundTrip(during, "lost too"));
        }
        proxy.restore();
        try (Socket after = connect()) {
            assertEquals("back", roundTrip(after, "back"));
        }
        open.close();
    }

    @Test
    public void rewritesTheHostAndPortOfAJdbcUrl() throws IOException {
        assertEquals(
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=x",
                proxy.rewrite("jdbc:postgresql://db.example:5432/test?currentSchema=x"));
        try (PostgresProxy parsed =
                PostgresProxy.forJdbcUrl("jdbc:postgresql://127.0.0.1:" + echo.getLocalPort() + "/test")) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), parsed.port())) {
                s.setSoTimeout(5_000);
                assertEquals("parsed", roundTrip(s, "parsed"));
            }
        }
        assertTrue(proxy.port() > 0);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    /** Writes the text and reads the same number of bytes back; an IOException when the connection is gone. */
    private static String roundTrip(Socket s, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(sent);
        out.flush();
        InputStream in = s.getInputStream();
        byte[] got = new byte[sent.length];
        int read = 0;
        while (read < got.length) {
            int n = in.read(got, read, got.length - read);
            if (n < 0) {
                throw new IOException("closed after " + read + " bytes");
            }
            read += n;
        }
        assertArrayEquals(sent, got);
        return new String(got, StandardCharsets.UTF_8);
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread t = new Thread(() -> {
                    try (s;
                            InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // reset by the proxy
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }
}
