package dev.switchboard.connector.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;

import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperationException;

public class UpstreamFailuresTest {

    private static final URI TARGET = URI.create("https://api.example.invalid:8443/path?token=secret");

    /** What the JDK client throws for a name it cannot resolve: a ConnectException caused by the unresolved address. */
    @Test
    public void anUnresolvedHostIsReportedAsADnsFailureNotARefusedConnection() {
        ConnectException connect = new ConnectException();
        connect.initCause(new UnresolvedAddressException());
        ServiceOperationException e = UpstreamFailures.map(new CompletionException(connect), "GET", TARGET, 30, 10);
        assertEquals(502, e.getStatusCode());
        assertEquals("UpstreamUnreachable", e.getCode());
        assertEquals(
                "GET https://api.example.invalid:8443: could not resolve host api.example.invalid"
                        + " (check the host name, and the DNS of the machine Switchboard runs on)",
                e.getMessage());
    }

    @Test
    public void anUnknownHostExceptionIsADnsFailureToo() {
        ServiceOperationException e =
                UpstreamFailures.map(new UnknownHostException("api.example.invalid"), "POST", TARGET, 30, 10);
        assertTrue(e.getMessage(), e.getMessage().contains("could not resolve host api.example.invalid"));
        assertFalse(e.getMessage(), e.getMessage().contains("secret"));
    }

    @Test
    public void aRefusedConnectionStaysARefusedConnection() {
        ServiceOperationException e = UpstreamFailures.map(
                new ConnectException("Connection refused"), "GET", URI.create("http://127.0.0.1:9/x"), 30, 10);
        assertEquals(
                "GET http://127.0.0.1:9: could not connect (connection refused or host unreachable)", e.getMessage());
    }
}
