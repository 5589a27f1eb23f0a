package dev.switchboard.connector.openapi.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.servers.ServerVariable;
import org.osgi.framework.Version;

import dev.switchboard.connector.openapi.internal.DocumentCompiler.InvalidDocumentException;

/** What a document says about the connector as a whole: its id, its OSGi version and its default base URL. */
final class DocumentInfo {

    private static final Pattern VERSION =
            Pattern.compile("^[vV]?(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?" + "(?:[.+\\-_ ]?(.*))?$");

    private DocumentInfo() {}

    /** {@code x-switchboard-id}, else the file name without its suffix; lower case, {@code [a-z0-9-]}. */
    static String connectorId(String fileName, OpenAPI document) throws InvalidDocumentException {
        Object given = document.getExtensions() == null
                ? null
                : document.getExtensions().get("x-switchboard-id");
        String raw = given instanceof String text && !text.isBlank() ? text : DocumentReader.stem(fileName);
        String id = raw.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("-{2,}", "-")
                .replaceAll("^-|-$", "");
        if (id.isEmpty()) {
            throw new InvalidDocumentException(
                    "/x-switchboard-id: no connector id can be made of '" + raw + "': use letters, digits and '-'");
        }
        return id;
    }

    /** {@code info.version} as an OSGi version: {@code 1.2} → 1.2.0, {@code v2.0.0-beta.1} → 2.0.0.beta_1. */
    static Version version(String declared) throws InvalidDocumentException {
        if (declared == null || declared.isBlank()) {
            throw new InvalidDocumentException("/info/version: missing; give the document a version such as 1.0.0");
        }
        Matcher m = VERSION.matcher(declared.trim());
        if (!m.matches()) {
            throw new InvalidDocumentException("/info/version: '" + declared + "' does not start with a number; "
                    + "use major[.minor[.micro]][-qualifier], e.g. 1.0.0");
        }
        String qualifier = m.group(4) == null ? "" : m.group(4).replaceAll("[^A-Za-z0-9_-]", "_");
        return new Version(
                Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                qualifier);
    }

    /** The first server's URL with its variables' defaults, when that is an absolute http(s) URL. */
    static String defaultBaseUrl(List<Server> servers) {
        if (servers == null || servers.isEmpty() || servers.get(0).getUrl() == null) {
            return null;
        }
        Server server = servers.get(0);
        String url = server.getUrl();
        if (server.getVariables() != null) {
            for (Map.Entry<String, ServerVariable> variable :
                    server.getVariables().entrySet()) {
                String value = variable.getValue().getDefault();
                if (value != null) {
                    url = url.replace("{" + variable.getKey() + "}", value);
                }
            }
        }
        return url.matches("(?i)https?://[^{}\\s]+") ? url : null;
    }
}
