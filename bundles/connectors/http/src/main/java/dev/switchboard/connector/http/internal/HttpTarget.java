package dev.switchboard.connector.http.internal;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * The URL a request goes to: the {@code uri} input, appended to the connection's {@code baseUrl} when relative, with
 * the {@code queries} input encoded and added to any query the uri already has.
 * <p>
 * Messages never repeat the uri: its query may carry a secret.
 */
final class HttpTarget {

    private HttpTarget() {}

    static boolean isHttpScheme(String scheme) {
        if (scheme == null) {
            return false;
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https");
    }

    /**
     * An absolute URI whose host is an internationalised name ({@code https://bücher.example}), which {@link URI}
     * takes for a registry-based authority without a host, with that name in punycode; any other URI as it is. A
     * name {@link IDN#toASCII} refuses, or an authority with user info, is left alone (and then has no host).
     */
    static URI asciiHost(URI uri) throws URISyntaxException {
        String authority = uri.getRawAuthority();
        if (uri.getHost() != null
                || authority == null
                || authority.chars().allMatch(c -> c < 0x80)
                || authority.indexOf('@') >= 0
                || authority.indexOf('%') >= 0) {
            return uri;
        }
        int colon = authority.lastIndexOf(':');
        String name = colon < 0 ? authority : authority.substring(0, colon);
        String port = colon < 0 ? "" : authority.substring(colon);
        String ascii;
        try {
            ascii = IDN.toASCII(name);
        } catch (IllegalArgumentException e) {
            return uri;
        }
        StringBuilder rebuilt = new StringBuilder(uri.getScheme())
                .append("://")
                .append(ascii)
                .append(port)
                .append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            rebuilt.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            rebuilt.append('#').append(uri.getRawFragment());
        }
        return new URI(rebuilt.toString());
    }

    /**
     * @throws ServiceOperationException 400 for a malformed or non-http(s) uri, a relative uri without a base URL, or
     *                                   a query value that is neither a scalar nor an array of scalars
     */
    static URI resolve(String uri, URI baseUrl, JsonNode queries) {
        URI given;
        try {
            given = asciiHost(new URI(uri.trim()));
        } catch (URISyntaxException e) {
            throw invalidInput("The input 'uri' is not a valid URI (" + e.getReason()
                    + "); pass values that need encoding in 'queries'.");
        }
        String scheme;
        String authority;
        String path;
        if (given.isAbsolute()) {
            if (!isHttpScheme(given.getScheme())) {
                throw new ServiceOperationException(
                        400,
                        "UnsupportedScheme",
                        "Only http and https URLs are supported, not '" + given.getScheme() + "'.");
            }
            if (given.getRawAuthority() == null || given.getHost() == null) {
                throw invalidInput("The input 'uri' has no host.");
            }
            scheme = given.getScheme();
            authority = given.getRawAuthority();
            path = given.getRawPath();
        } else {
            if (given.getRawAuthority() != null) {
                throw invalidInput("The input 'uri' has a host but no scheme; start it with http:// or https://.");
            }
            if (baseUrl == null) {
                throw new ServiceOperationException(
                        400,
                        "BaseUrlRequired",
                        "The input 'uri' is relative but the "
                                + "connection has no 'baseUrl': give an absolute http(s) URL or set the connection "
                                + "parameter 'baseUrl'.");
            }
            scheme = baseUrl.getScheme();
            authority = baseUrl.getRawAuthority();
            path = join(baseUrl.getRawPath(), given.getRawPath());
        }
        if (given.getRawUserInfo() != null) {
            throw invalidInput("The input 'uri' must not contain credentials; use the connection's authType.");
        }
        String query = appendQueries(given.getRawQuery(), queries);
        StringBuilder target = new StringBuilder(scheme.toLowerCase(Locale.ROOT))
                .append("://")
                .append(authority)
                .append(path == null || path.isEmpty() ? "/" : path);
        if (query != null && !query.isEmpty()) {
            target.append('?').append(query);
        }
        try {
            return new URI(target.toString());
        } catch (URISyntaxException e) {
            throw invalidInput("The request URL is not valid (" + e.getReason() + ").");
        }
    }

    /** {@code /v1} + {@code users} and {@code /v1/} + {@code /users} both give {@code /v1/users}. */
    private static String join(String basePath, String relativePath) {
        String base = basePath == null ? "" : basePath;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (relativePath == null || relativePath.isEmpty()) {
            return base.isEmpty() ? "/" : base;
        }
        return base + (relativePath.startsWith("/") ? "" : "/") + relativePath;
    }

    private static String appendQueries(String rawQuery, JsonNode queries) {
        StringBuilder query = new StringBuilder(rawQuery == null ? "" : rawQuery);
        if (queries == null || queries.isNull() || queries.isMissingNode()) {
            return query.toString();
        }
        if (!queries.isObject()) {
            throw invalidInput("The input 'queries' must be an object.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = queries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isArray()) {
                for (JsonNode item : value) {
                    append(query, entry.getKey(), item);
                }
            } else {
                append(query, entry.getKey(), value);
            }
        }
        return query.toString();
    }

    private static void append(StringBuilder query, String name, JsonNode value) {
        if (value.isNull()) {
            return;
        }
        if (!value.isValueNode()) {
            throw invalidInput("The query parameter '" + name + "' must be a string, number or boolean, "
                    + "or an array of them.");
        }
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(encode(name)).append('=').append(encode(value.asText()));
    }

    /** Percent-encodes everything but unreserved characters; a space becomes %20, never '+'. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** 400 InvalidInput: what is wrong with an input, naming it. */
    static ServiceOperationException invalidInput(String message) {
        return new ServiceOperationException(400, "InvalidInput", message);
    }
}
