package dev.switchboard.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.owasp.encoder.Encode;

/**
 * The page's HTML, kept as a resource, with its two request values filled in: the plugin root and the CSRF token,
 * both encoded for an HTML attribute. Everything else on the page is rendered by {@code connectors.js} from JSON, as
 * text.
 */
final class PageTemplate {

    private static final String RESOURCE = "connectors.html";

    private final String html;

    PageTemplate() {
        this(read());
    }

    PageTemplate(String html) {
        this.html = html;
    }

    String render(String pluginRoot, String token) {
        return html.replace("{{pluginRoot}}", Encode.forHtmlAttribute(pluginRoot))
                .replace("{{token}}", Encode.forHtmlAttribute(token));
    }

    private static String read() {
        try (InputStream in = PageTemplate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
