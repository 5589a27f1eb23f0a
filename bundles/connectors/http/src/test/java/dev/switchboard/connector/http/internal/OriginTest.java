package dev.switchboard.connector.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.fail;

import java.net.URI;
import java.util.List;

import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperationException;

public class OriginTest {

    @Test
    public void defaultPortsCaseAndTrailingDotsDoNotMakeAnotherOrigin() {
        Origin origin = Origin.of(URI.create("https://api.example.com/v1"));
        for (String same : List.of(
                "https://api.example.com:443/x",
                "HTTPS://API.Example.COM/",
                "https://api.example.com./",
                "https://api.example.com?q=1")) {
            assertEquals(same, origin, Origin.of(URI.create(same)));
        }
        assertEquals(Origin.of(URI.create("http://h:80/")), Origin.of(URI.create("http://h/")));
        assertEquals("https://api.example.com:443", origin.toString());
    }

    @Test
    public void schemeHostAndPortEachMakeAnotherOrigin() {
        Origin origin = Origin.of(URI.create("https://api.example.com"));
        for (String other : List.of(
                "http://api.example.com",
                "https://api.example.com:8443",
                "https://example.com",
                "https://api.example.com.evil.example",
                "https://evil.example/api.example.com",
                "http://api.example.com:443")) {
            assertNotEquals(other, origin, Origin.of(URI.create(other)));
        }
    }

    @Test
    public void ipv6LiteralsAreComparedAsAddresses() {
        assertEquals(
                Origin.of(URI.create("http://[::1]:8080/")), Origin.of(URI.create("http://[0:0:0:0:0:0:0:1]:8080")));
    }

    @Test
    public void internationalisedNamesAreComparedInPunycode() {
        URI unicode = HttpTarget.resolve("https://Bücher.example/x", null, null);
        assertEquals("xn--bcher-kva.example", unicode.getHost());
        assertEquals(Origin.of(URI.create("https://xn--bcher-kva.example")), Origin.of(unicode));
        assertEquals(
                Origin.of(URI.create("https://xn--bcher-kva.example")),
                Origin.parse("allowedOrigins", "https://bücher.example"));
    }

    @Test
    public void aListedOriginIsSchemeHostAndPortOnly() {
        assertEquals(
                Origin.of(URI.create("https://a.example")), Origin.parse("allowedOrigins", " https://A.example:443/ "));
        for (String bad : List.of(
                "a.example",
                "ftp://a.example",
                "https://u:p@a.example",
                "https://a.example/path",
                "https://a.example?q",
                "https://a.example#f",
                "https://*.example",
                "https://a.example:99999",
                "https://",
                "https://a\\@b.example",
                "https://%61.example")) {
            try {
                Origin.parse("allowedOrigins", bad);
                fail(bad);
            } catch (ServiceOperationException e) {
                assertEquals(bad, 400, e.getStatusCode());
                assertEquals(bad, "InvalidConnectionParameter", e.getCode());
            }
        }
    }
}
