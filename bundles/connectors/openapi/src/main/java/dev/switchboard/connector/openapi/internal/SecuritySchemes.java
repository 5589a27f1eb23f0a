package dev.switchboard.connector.openapi.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.OAuthFlow;

import dev.switchboard.connector.openapi.internal.OpenApiDefinition.SchemeKind;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.SecurityScheme;

/**
 * The security schemes of a document that the connector can fill from a connection (API key, HTTP basic and bearer,
 * OAuth 2 client credentials); each other one is noted as not supported, and operations needing it are called
 * without it.
 */
final class SecuritySchemes {

    private SecuritySchemes() {}

    static void read(Components components, Map<String, SecurityScheme> schemes, List<String> notes) {
        if (components.getSecuritySchemes() == null) {
            return;
        }
        for (Map.Entry<String, io.swagger.v3.oas.models.security.SecurityScheme> entry :
                components.getSecuritySchemes().entrySet()) {
            String name = entry.getKey();
            io.swagger.v3.oas.models.security.SecurityScheme scheme = entry.getValue();
            if (scheme.getType() == null) {
                notes.add("security scheme '" + name + "': no type, not used");
                continue;
            }
            switch (scheme.getType()) {
                case APIKEY -> {
                    String in =
                            scheme.getIn() == null ? "header" : scheme.getIn().toString();
                    schemes.put(
                            name, new SecurityScheme(name, SchemeKind.API_KEY, in, scheme.getName(), null, List.of()));
                }
                case HTTP -> {
                    String kind =
                            scheme.getScheme() == null ? "" : scheme.getScheme().toLowerCase(Locale.ROOT);
                    if (kind.equals("bearer")) {
                        schemes.put(name, new SecurityScheme(name, SchemeKind.BEARER, null, null, null, List.of()));
                    } else if (kind.equals("basic")) {
                        schemes.put(name, new SecurityScheme(name, SchemeKind.BASIC, null, null, null, List.of()));
                    } else {
                        notes.add("security scheme '" + name + "': http " + kind + " is not supported (basic and "
                                + "bearer are); operations that need it are called without it");
                    }
                }
                case OAUTH2 -> {
                    OAuthFlow flow =
                            scheme.getFlows() == null ? null : scheme.getFlows().getClientCredentials();
                    if (flow == null
                            || flow.getTokenUrl() == null
                            || !flow.getTokenUrl().matches("(?i)https?://.+")) {
                        notes.add("security scheme '" + name + "': only the oauth2 clientCredentials flow with an "
                                + "absolute tokenUrl is supported; operations that need it are called without it");
                    } else {
                        List<String> scopes = flow.getScopes() == null
                                ? List.of()
                                : List.copyOf(flow.getScopes().keySet());
                        schemes.put(
                                name,
                                new SecurityScheme(
                                        name,
                                        SchemeKind.OAUTH2_CLIENT_CREDENTIALS,
                                        null,
                                        null,
                                        flow.getTokenUrl(),
                                        scopes));
                    }
                }
                default ->
                    notes.add("security scheme '" + name + "': type " + scheme.getType()
                            + " is not supported; operations that need it are called without it");
            }
        }
    }

    static String describe(SecurityScheme scheme) {
        return switch (scheme.kind()) {
            case API_KEY -> "API key in " + scheme.in() + " '" + scheme.keyName() + "'";
            case BEARER -> "bearer token";
            case BASIC -> "HTTP basic user name and password";
            case OAUTH2_CLIENT_CREDENTIALS -> "OAuth 2 client credentials; token from " + scheme.tokenUrl();
        };
    }
}
