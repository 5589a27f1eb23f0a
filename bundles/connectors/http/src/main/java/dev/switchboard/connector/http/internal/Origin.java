package dev.switchboard.connector.http.internal;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * Where a request goes, as the web defines an origin: scheme, host and port. Two URLs that reach the same server
 * compare equal whatever their spelling: the scheme and host in lower case, the host in punycode and without trailing
 * dots, an IPv6 literal in its canonical form, the default port written out. Built from the same parsed
 * {@link URI} fields the JDK client connects with, so what is compared is what is connected to.
 */
record Origin(String scheme, String host, int port) {

    /** The origin of an absolute http(s) URI that has a server-based authority (400 otherwise). */
    static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!HttpTarget.isHttpScheme(scheme) || host == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL with a host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Origin(scheme, normalHost(host), port);
    }

    /**
     * One entry of the connection parameter {@code parameter}: {@code scheme://host[:port]}, a trailing {@code /}
     * tolerated, nothing else (no user info, path, query, fragment, wildcard).
     *
     * @throws ServiceOperationException 400 InvalidConnectionParameter naming the parameter
     */
    static Origin parse(String parameter, String value) {
        String text = value.trim();
        URI uri;
        try {
            uri = HttpTarget.asciiHost(new URI(text));
        } catch (URISyntaxException e) {
            throw invalid(parameter, "has an entry that is not a valid URL (" + e.getReason() + ")");
        }
        if (!HttpTarget.isHttpScheme(uri.getScheme()) || uri.getHost() == null) {
            throw invalid(parameter, "has an entry that is not scheme://host[:port] with scheme http or https");
        }
        if (uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || !(uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"))) {
            throw invalid(
                    parameter,
                    "has an entry with more than scheme://host[:port] (no path, query, fragment " + "or user info)");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid(parameter, "has an entry whose port is not from 1 to 65535");
        }
        return of(uri);
    }

    private static String normalHost(String host) {
        String h = host;
        if (h.startsWith("[")) {
            try {
                // a literal: no name is looked up
                return "[" + InetAddress.getByName(h).getHostAddress() + "]";
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 literal");
            }
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return IDN.toASCII(h).toLowerCase(Locale.ROOT);
    }

    private static ServiceOperationException invalid(String parameter, String problem) {
        return new ServiceOperationException(
                400, "InvalidConnectionParameter", "The connection parameter '" + parameter + "' " + problem + ".");
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
