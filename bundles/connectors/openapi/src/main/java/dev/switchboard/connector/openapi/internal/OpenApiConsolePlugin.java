package dev.switchboard.connector.openapi.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The console's "OpenAPI documents" page ({@code /system/console/openapi}): which connectors come from which
 * document, their operations and what was left out, and each document as it was deployed ({@code ?file=}). The
 * connectors themselves are on the Connectors page like any other. Satisfied only when the Connectors page (the
 * webconsole-plugin bundle) is registered, so without the console this class is never loaded.
 */
@Component(
        service = Servlet.class,
        property = {
            ServletConstants.PLUGIN_LABEL + "=" + OpenApiConsolePlugin.LABEL,
            ServletConstants.PLUGIN_TITLE + "=OpenAPI documents",
            ServletConstants.PLUGIN_CATEGORY + "=Switchboard"
        },
        reference =
                @Reference(
                        name = "connectorsPage",
                        service = Servlet.class,
                        target = "(" + ServletConstants.PLUGIN_LABEL + "=connectors)"))
public final class OpenApiConsolePlugin extends AbstractServlet {

    static final String LABEL = "openapi";
    private static final long serialVersionUID = 1L;

    private final transient DocumentExtender documents;

    @Activate
    public OpenApiConsolePlugin(@Reference DocumentExtender documents) {
        this.documents = documents;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<DocumentExtender.Registered> registered = documents.registered().stream()
                .sorted(Comparator.comparing(DocumentExtender.Registered::fileName))
                .toList();
        PrintWriter out = response.getWriter();
        String file = request.getParameter("file");
        if (file != null) {
            for (DocumentExtender.Registered one : registered) {
                if (one.fileName().equals(file)) {
                    out.print("<p><a href=\"" + LABEL + "\">All OpenAPI documents</a></p><h2>" + escape(file)
                            + " &mdash; connector " + escape(one.definition().id()) + "@"
                            + escape(one.definition().version().toString()) + "</h2><pre id=\"openapi-document\">"
                            + escape(new String(one.document(), StandardCharsets.UTF_8)) + "</pre>");
                    return;
                }
            }
            response.setStatus(404);
            out.print("<p>No deployed OpenAPI document is named " + escape(file) + ".</p>");
            return;
        }
        out.print("<p>Files <code>*.openapi.json</code>, <code>*.openapi.yaml</code>, <code>*.openapi.yml</code> in "
                + "the deploy folder are connectors; they are listed on the Connectors page like any other. Failed "
                + "documents are listed there under the deploy folder, with the parser's messages.</p>");
        out.print("<table class=\"nicetable\" id=\"openapi-documents\"><thead><tr><th>Document</th><th>Connector"
                + "</th><th>Operations</th><th>Left out</th></tr></thead><tbody>");
        for (DocumentExtender.Registered one : registered) {
            OpenApiDefinition definition = one.definition();
            out.print("<tr><td><a href=\"" + LABEL + "?file="
                    + escape(java.net.URLEncoder.encode(one.fileName(), StandardCharsets.UTF_8)) + "\">"
                    + escape(one.fileName()) + "</a></td><td>"
                    + escape(definition.id()) + "@"
                    + escape(definition.version().toString()) + "</td><td>"
                    + definition.operations().size() + "</td><td>" + escape(String.join("; ", definition.skipped()))
                    + "</td></tr>");
        }
        out.print("</tbody></table>");
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
