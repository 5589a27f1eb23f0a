package dev.switchboard.connector.openapi.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.servers.ServerVariable;
import io.swagger.v3.oas.models.servers.ServerVariables;
import org.junit.Test;

import dev.switchboard.connector.openapi.internal.OpenApiDefinition.SchemeKind;

/** The parts the compiler uses: the document's identity, its security schemes and its component references. */
public class DocumentPartsTest {

    @Test
    public void theBaseUrlIsTheFirstServerWithItsVariablesDefaultsWhenAbsolute() {
        Server server = new Server()
                .url("https://{region}.example.com/v1")
                .variables(new ServerVariables().addServerVariable("region", new ServerVariable()._default("eu")));
        assertEquals("https://eu.example.com/v1", DocumentInfo.defaultBaseUrl(List.of(server, new Server().url("x"))));
        assertNull(DocumentInfo.defaultBaseUrl(List.of(new Server().url("/v1"))));
        assertNull(DocumentInfo.defaultBaseUrl(List.of(new Server().url("https://{tenant}.example.com"))));
        assertNull(DocumentInfo.defaultBaseUrl(null));
    }

    @Test
    public void supportedSchemesBecomeConnectionParametersAndTheOthersAreNoted() {
        Components components = new Components()
                .addSecuritySchemes(
                        "key",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.QUERY)
                                .name("k"))
                .addSecuritySchemes(
                        "jwt",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("Bearer"))
                .addSecuritySchemes(
                        "digest",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("digest"))
                .addSecuritySchemes(
                        "cc",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.OAUTH2)
                                .flows(new OAuthFlows()
                                        .clientCredentials(new OAuthFlow()
                                                .tokenUrl("https://auth.example.com/token")
                                                .scopes(new Scopes().addString("read", "Read")))))
                .addSecuritySchemes(
                        "implicit",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.OAUTH2)
                                .flows(new OAuthFlows().implicit(new OAuthFlow().authorizationUrl("https://a"))))
                .addSecuritySchemes("untyped", new SecurityScheme());
        Map<String, OpenApiDefinition.SecurityScheme> schemes = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        SecuritySchemes.read(components, schemes, notes);
        assertEquals(List.of("key", "jwt", "cc"), List.copyOf(schemes.keySet()));
        assertEquals(SchemeKind.API_KEY, schemes.get("key").kind());
        assertEquals("query", schemes.get("key").in());
        assertEquals(SchemeKind.BEARER, schemes.get("jwt").kind());
        assertEquals(List.of("read"), schemes.get("cc").scopes());
        assertEquals(3, notes.size());
        assertTrue(notes.toString(), notes.get(0).startsWith("security scheme 'digest': http digest is not supported"));
        assertEquals("API key in query 'k'", SecuritySchemes.describe(schemes.get("key")));
        assertEquals(
                "OAuth 2 client credentials; token from https://auth.example.com/token",
                SecuritySchemes.describe(schemes.get("cc")));
    }

    @Test
    public void aParameterReferenceIsResolvedAndOneThatNamesNothingSkipsTheOperation() {
        Parameter limit = new Parameter().name("limit").in("query");
        Components components = new Components().addParameters("Limit/Max", limit);
        assertSame(
                limit, ComponentRefs.resolve(new Parameter().$ref("#/components/parameters/Limit~1Max"), components));
        Parameter inline = new Parameter().name("q").in("query");
        assertSame(inline, ComponentRefs.resolve(inline, components));
        try {
            ComponentRefs.resolve(new Parameter().$ref("#/components/parameters/Nope"), components);
            fail();
        } catch (DocumentCompiler.SkipException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("names no parameter"));
        }
    }

    @Test
    public void jsonIsAnyJsonMediaTypeOrAnything() {
        MediaType json = new MediaType();
        assertSame(
                json,
                ComponentRefs.jsonMedia(new Content()
                        .addMediaType("text/plain", new MediaType())
                        .addMediaType("application/problem+json; charset=utf-8", json)));
        assertNull(ComponentRefs.jsonMedia(new Content().addMediaType("application/xml", new MediaType())));
        MediaType any = new MediaType();
        assertSame(any, ComponentRefs.jsonMedia(new Content().addMediaType("*/*", any)));
    }
}
