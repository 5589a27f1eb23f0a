package dev.switchboard.security.internal;

import java.util.Locale;

/**
 * Names the management action a state-changing request is, for the audit log: {@code connection.put},
 * {@code subscription.delete}, {@code console.configMgr}... Invocations and hook posts are traffic, not management:
 * they are not audited.
 */
final class AuditActions {

    /** What a request did: a dotted action and its target. */
    record Action(String action, String target) {}

    private AuditActions() {}

    /** The action of {@code method} on {@code uri} (the request URI, not decoded), or null when it is not audited. */
    static Action of(String method, String uri) {
        String verb = method.toLowerCase(Locale.ROOT);
        String[] s = segments(uri);
        if (s.length >= 2 && "api".equals(s[0])) {
            String target = s.length >= 3 ? s[2] : "";
            switch (s[1]) {
                case "hooks":
                    return null;
                case "connections":
                    return new Action("connection." + ("delete".equals(verb) ? "delete" : "put"), target);
                case "subscriptions":
                    return new Action("subscription." + ("post".equals(verb) ? "create" : verb), target);
                case "tokens":
                    return new Action(
                            "token." + ("post".equals(verb) ? "create" : "delete".equals(verb) ? "revoke" : verb),
                            target);
                case "deployments":
                    return new Action(
                            "deployment." + ("delete".equals(verb) ? "remove" : "put".equals(verb) ? "upload" : verb),
                            target);
                case "connectors":
                    if (s.length == 4 && "rollback".equals(s[3])) {
                        return new Action("deployment.rollback", target);
                    }
                    if (s.length == 4 && "traffic".equals(s[3])) {
                        return new Action("traffic." + verb, target);
                    }
                    if (s.length >= 4 && "operations".equals(s[3])) {
                        return null;
                    }
                    return new Action("connector." + verb, target);
                default:
                    return new Action("api." + verb, "/" + String.join("/", s));
            }
        }
        if (s.length >= 2 && "system".equals(s[0]) && "console".equals(s[1])) {
            String page = s.length >= 3 ? s[2] : "";
            String target = s.length >= 4 ? String.join("/", java.util.Arrays.copyOfRange(s, 3, s.length)) : "";
            return new Action("console." + (page.isEmpty() ? verb : page), target);
        }
        return new Action("http." + verb, "/" + String.join("/", s));
    }

    private static String[] segments(String uri) {
        String path = uri == null ? "" : uri;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }
}
