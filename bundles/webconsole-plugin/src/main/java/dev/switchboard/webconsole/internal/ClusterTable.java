package dev.switchboard.webconsole.internal;

import org.owasp.encoder.Encode;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.cluster.api.NodeState;

/** The Cluster page's table (the only class of this bundle naming the optional cluster API's types). */
final class ClusterTable {

    private ClusterTable() {}

    static String html(Object service) {
        ClusterMembership membership = (ClusterMembership) service;
        StringBuilder html = new StringBuilder("<h2>Cluster</h2>");
        html.append("<p>This node: <b>")
                .append(Encode.forHtml(membership.self()))
                .append("</b>. ");
        String problem = membership.databaseProblem().orElse(null);
        if (problem == null) {
            html.append("Cluster database reachable.</p>");
        } else {
            html.append("</p><p class=\"ui-state-error\">")
                    .append(Encode.forHtml(problem))
                    .append(". Invocations keep being served; the nodes below are the last view read, and this node is "
                            + "not ready until the database is back.</p>");
        }
        html.append("<table class=\"nicetable\"><thead><tr><th>Node</th><th>State</th><th>URL</th>"
                + "<th>Last heartbeat</th><th>Subscriptions</th><th>Catalog revision</th><th>Deployments</th>"
                + "</tr></thead><tbody>");
        for (ClusterNode node : membership.nodes()) {
            html.append("<tr><td>")
                    .append(Encode.forHtml(node.id()))
                    .append(node.id().equals(membership.self()) ? " (this node)" : "")
                    .append("</td><td")
                    .append(node.state() == NodeState.UP ? ">" : " class=\"ui-state-error\">")
                    .append(node.state())
                    .append("</td><td>")
                    .append(Encode.forHtml(node.url()))
                    .append("</td><td>")
                    .append(node.lastHeartbeat() == null ? "" : node.lastHeartbeat())
                    .append("</td><td>")
                    .append(node.subscriptions())
                    .append("</td><td>")
                    .append(node.catalogRevision())
                    .append("</td><td>")
                    .append(node.deployments())
                    .append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
