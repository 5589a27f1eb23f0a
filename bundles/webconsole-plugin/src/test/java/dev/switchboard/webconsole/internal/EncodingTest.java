package dev.switchboard.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.internal.views.JacksonViews;

/** What reaches the browser: request values encoded into the page, metadata only as JSON data. */
public class EncodingTest {

    private static final String HOSTILE = "<script>window.__pwned=1</script><b>bold</b>";

    @Test
    public void thePageEncodesItsRequestValuesForAnAttribute() {
        PageTemplate page = new PageTemplate("<div data-root=\"{{pluginRoot}}\" data-token=\"{{token}}\"></div>");
        String html = page.render("/system/console/connectors\"><script>x()</script>", "a'b\"c");
        // quotes and '<' encoded: the value can neither leave the attribute nor open a tag
        assertEquals(
                "<div data-root=\"/system/console/connectors&#34;>&lt;script>x()&lt;/script>\" "
                        + "data-token=\"a&#39;b&#34;c\"></div>",
                html);
    }

    @Test
    public void theShippedPageHasItsPlaceholdersAndNoConsoleVariables() {
        String html = new PageTemplate().render("/root", "tok");
        assertTrue(html.contains("data-token=\"tok\""));
        assertTrue(html.contains("/root/res/connectors/connectors.js"));
        assertFalse("the console would substitute ${...}", html.contains("${"));
    }

    @Test
    public void metadataTravelsAsDataAndSecretsAreNeverIncluded() throws Exception {
        ServiceOperationApi service = ServiceOperationApi.builder("xss")
                .description(HOSTILE)
                .connectionParameter(
                        "token", ConnectionParameter.secureString("Token").required())
                .build();
        ConnectorEntry entry = new ConnectorEntry(
                "xss",
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                service,
                List.of(),
                new BundleInfo(7, "x", "1.0.0", "file:/x.jar"));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode detail = new ConsoleViews(new JacksonViews()).detail(new CatalogSnapshot(3, List.of(entry)), "xss");
        assertEquals(HOSTILE, detail.at("/versions/0/service/description").asText());
        assertEquals(
                Map.of(
                        "name",
                        "token",
                        "type",
                        "securestring",
                        "displayName",
                        "Token",
                        "required",
                        true,
                        "secure",
                        true),
                mapper.convertValue(detail.at("/versions/0/connectionParameters/0"), Map.class).entrySet().stream()
                        .filter(e -> ((Map.Entry<?, ?>) e).getValue() != null)
                        .collect(java.util.stream.Collectors.toMap(
                                e -> ((Map.Entry<?, ?>) e).getKey(), e -> ((Map.Entry<?, ?>) e).getValue())));
        assertNull(new ConsoleViews(new JacksonViews()).detail(new CatalogSnapshot(3, List.of(entry)), "other"));
    }

    @Test
    public void originsAreComparedWithTheHost() {
        assertTrue(CsrfGuard.sameOrigin("http://127.0.0.1:8080/system/console/connectors", "127.0.0.1:8080"));
        assertTrue(CsrfGuard.sameOrigin("http://LOCALHOST:8080", "localhost:8080"));
        assertFalse(CsrfGuard.sameOrigin("http://evil.example:8080", "127.0.0.1:8080"));
        assertFalse(CsrfGuard.sameOrigin("http://127.0.0.1:9090", "127.0.0.1:8080"));
        assertFalse(CsrfGuard.sameOrigin("not a url", "127.0.0.1:8080"));
    }
}
