package dev.switchboard.connector.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;

/**
 * A checked connection: the base URL and the credentials to send. Also the key of the client cache, so two equal
 * connections share one client.
 * <p>
 * Holds secrets: {@link #toString()} shows none, and no message built here contains a parameter's value.
 */
record HttpConnection(
        URI baseUrl,
        AuthType authType,
        String username,
        String password,
        String token,
        String apiKeyHeader,
        String apiKey,
        Set<Origin> allowedOrigins,
        Map<String, String> givenHeaders,
        Map<String, String> givenQueries) {

    HttpConnection(
            URI baseUrl,
            AuthType authType,
            String username,
            String password,
            String token,
            String apiKeyHeader,
            String apiKey,
            Set<Origin> allowedOrigins) {
        this(baseUrl, authType, username, password, token, apiKeyHeader, apiKey, allowedOrigins, Map.of(), Map.of());
    }

    /**
     * A connection whose credentials another bundle computed (the client API, {@code OutboundRequest}): headers and
     * query parameters sent only to the {@code baseUrl}'s origin. Without any, it is a connection without
     * credentials.
     *
     * @throws ServiceOperationException 400 for a malformed base URL
     */
    static HttpConnection withCredentials(String baseUrl, Map<String, String> headers, Map<String, String> queries) {
        URI base = baseUrl(baseUrl);
        if (headers.isEmpty() && queries.isEmpty()) {
            return new HttpConnection(base, AuthType.NONE, null, null, null, null, null, origins(base, null));
        }
        if (base == null) {
            throw new ServiceOperationException(
                    400,
                    "MissingConnectionParameter",
                    "The connection parameter '" + BASE_URL
                            + "' is required: credentials are sent to its origin only.");
        }
        return new HttpConnection(
                base,
                AuthType.GIVEN,
                null,
                null,
                null,
                null,
                null,
                origins(base, null),
                Map.copyOf(headers),
                Map.copyOf(queries));
    }

    static final String BASE_URL = "baseUrl";
    static final String AUTH_TYPE = "authType";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TOKEN = "token";
    static final String API_KEY_HEADER = "apiKeyHeader";
    static final String API_KEY = "apiKey";
    static final String ALLOWED_ORIGINS = "allowedOrigins";
    static final String DEFAULT_API_KEY_HEADER = "X-API-Key";

    /**
     * Reads and checks the connection parameters.
     *
     * @throws ServiceOperationException 400 naming the parameter that is missing or malformed
     */
    static HttpConnection from(ConnectionParameters parameters) {
        URI baseUrl = baseUrl(parameters.getString(BASE_URL));
        Set<Origin> origins = origins(baseUrl, parameters.getString(ALLOWED_ORIGINS));
        AuthType authType = AuthType.parse(parameters.getString(AUTH_TYPE));
        if (authType == null) {
            throw invalid(AUTH_TYPE, "must be one of none, basic, bearer, apiKey");
        }
        return switch (authType) {
            case NONE -> new HttpConnection(baseUrl, authType, null, null, null, null, null, origins);
            case GIVEN -> throw invalid(AUTH_TYPE, "must be one of none, basic, bearer, apiKey");
            case BASIC -> {
                // Base64-encoded before sending: any character will do
                String username = required(parameters, USERNAME, authType, false);
                String password = required(parameters, PASSWORD, authType, false);
                if (username.indexOf(':') >= 0) {
                    throw invalid(USERNAME, "must not contain ':' for basic authentication");
                }
                yield new HttpConnection(baseUrl, authType, username, password, null, null, null, origins);
            }
            case BEARER ->
                new HttpConnection(
                        baseUrl,
                        authType,
                        null,
                        null,
                        required(parameters, TOKEN, authType, true),
                        null,
                        null,
                        origins);
            case API_KEY -> {
                String header = parameters.getString(API_KEY_HEADER);
                header = header == null || header.isBlank() ? DEFAULT_API_KEY_HEADER : header.trim();
                if (!HeaderRules.isToken(header)) {
                    throw invalid(API_KEY_HEADER, "is not a valid HTTP header name");
                }
                if (HeaderRules.isRestricted(header)) {
                    throw invalid(API_KEY_HEADER, "names a header the HTTP client sets itself");
                }
                yield new HttpConnection(
                        baseUrl,
                        authType,
                        null,
                        null,
                        null,
                        header,
                        required(parameters, API_KEY, authType, true),
                        origins);
            }
        };
    }

    /** The headers that carry the credentials, by name. The values are secrets. */
    Map<String, String> credentialHeaders() {
        return switch (authType) {
            case NONE -> Map.of();
            case BASIC ->
                Map.of(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
            case BEARER -> Map.of("Authorization", "Bearer " + token);
            case API_KEY -> Map.of(apiKeyHeader, apiKey);
            case GIVEN -> givenHeaders;
        };
    }

    /** The query parameters that carry credentials (only a connection with given credentials has any). */
    Map<String, String> credentialQueries() {
        return givenQueries;
    }

    /**
     * Refuses a request whose target is not an origin the connection's credentials may go to: its {@code baseUrl}'s
     * and those listed in {@code allowedOrigins}. A connection without credentials may call any origin.
     *
     * @throws ServiceOperationException 400 OriginNotAllowed, naming the target's origin and the settings to use
     */
    void checkCredentialsMayGoTo(URI target) {
        if (authType == AuthType.NONE) {
            return;
        }
        Origin origin = Origin.of(target);
        if (allowedOrigins.contains(origin)) {
            return;
        }
        String listed = "' (comma-separated origins, e.g. " + origin + ").";
        if (baseUrl == null) {
            throw new ServiceOperationException(
                    400,
                    "OriginNotAllowed",
                    "The connection has credentials but no '"
                            + BASE_URL + "', and " + origin + " is not listed in its '" + ALLOWED_ORIGINS + "': the "
                            + "credentials are sent only to the origin of '" + BASE_URL
                            + "' and to the listed ones. Set '"
                            + BASE_URL + "', or list the origin in the connection parameter '" + ALLOWED_ORIGINS
                            + listed);
        }
        throw new ServiceOperationException(
                400,
                "OriginNotAllowed",
                "The request goes to " + origin
                        + ", not to the origin of the connection's '" + BASE_URL + "' (" + Origin.of(baseUrl)
                        + ") nor to one "
                        + "listed in '" + ALLOWED_ORIGINS
                        + "': the connection's credentials are sent only there. Use a path "
                        + "relative to '" + BASE_URL + "', or list the origin in the connection parameter '"
                        + ALLOWED_ORIGINS
                        + listed);
    }

    /** The baseUrl's origin and the listed ones. */
    private static Set<Origin> origins(URI baseUrl, String listed) {
        Set<Origin> origins = new LinkedHashSet<>();
        if (baseUrl != null) {
            origins.add(Origin.of(baseUrl));
        }
        if (listed != null) {
            for (String entry : listed.split("[,\\s]+")) {
                if (!entry.isBlank()) {
                    origins.add(Origin.parse(ALLOWED_ORIGINS, entry));
                }
            }
        }
        return Set.copyOf(origins);
    }

    private static URI baseUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = HttpTarget.asciiHost(new URI(value.trim()));
        } catch (URISyntaxException e) {
            throw invalid(BASE_URL, "is not a valid URI (" + e.getReason() + ")");
        }
        if (!HttpTarget.isHttpScheme(uri.getScheme()) || uri.getRawAuthority() == null || uri.getHost() == null) {
            throw invalid(BASE_URL, "must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(BASE_URL, "must not contain credentials; use authType basic");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(BASE_URL, "must not have a query or fragment; pass queries with the request");
        }
        return uri;
    }

    private static String required(ConnectionParameters parameters, String name, AuthType authType, boolean sentAsIs) {
        String value = parameters.getString(name);
        if (value == null || value.isBlank()) {
            throw new ServiceOperationException(
                    400,
                    "MissingConnectionParameter",
                    "The connection parameter '" + name + "' is required when authType is " + authType.parameterValue()
                            + ".");
        }
        if (sentAsIs && !HeaderRules.isValidValue(value)) {
            throw invalid(name, "contains characters that cannot be sent in an HTTP header");
        }
        return value;
    }

    private static ServiceOperationException invalid(String name, String problem) {
        return new ServiceOperationException(
                400, "InvalidConnectionParameter", "The connection parameter '" + name + "' " + problem + ".");
    }

    @Override
    public String toString() {
        return "HttpConnection[baseUrl="
                + (baseUrl == null ? "none" : baseUrl.getScheme() + "://" + baseUrl.getRawAuthority()) + ", authType="
                + authType.parameterValue() + ", allowedOrigins="
                + allowedOrigins + "]";
    }
}
