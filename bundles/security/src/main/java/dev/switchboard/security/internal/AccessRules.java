package dev.switchboard.security.internal;

import java.util.List;
import java.util.stream.Collectors;

import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.Role;

/**
 * Which role each API request needs, in one table: the admin may do everything; an operator manages deployments,
 * connections and subscriptions and reads everything but tokens and the audit log; an invoker reads the catalog and
 * invokes (only the connectors its token names, when it names some); {@code metrics} reads metrics.
 */
final class AccessRules {

    private AccessRules() {}

    /**
     * Why {@code caller} may not make this request, or null when it may.
     *
     * @param path the path under {@code /api}, starting with {@code /}
     */
    static String refusal(String method, String path, Caller caller) {
        String[] segments = segments(path);
        String first = segments.length == 0 ? "" : segments[0];
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        List<Role> accepted;
        if ("tokens".equals(first) || "audit".equals(first)) {
            accepted = List.of(Role.ADMIN);
        } else if ("metrics".equals(first)) {
            accepted = List.of(Role.METRICS, Role.OPERATOR);
        } else if (read && isCatalog(segments)) {
            accepted = List.of(Role.INVOKER, Role.OPERATOR);
        } else if ("POST".equals(method) && isInvoke(segments)) {
            accepted = List.of(Role.INVOKER);
        } else {
            accepted = List.of(Role.OPERATOR);
        }
        if (accepted.stream().noneMatch(caller::has)) {
            return method + " " + "/api" + path + " needs role "
                    + accepted.stream().map(Role::wireName).collect(Collectors.joining(" or "))
                    + (accepted.contains(Role.ADMIN) ? "" : " (or admin)")
                    + "; " + caller.id() + " has "
                    + caller.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(", ", "[", "]"))
                    + ".";
        }
        if ("connectors".equals(first) && segments.length >= 2 && !caller.mayUse(segments[1])) {
            return caller.id() + " may use the connectors " + caller.connectorGlobs() + " only, not '"
                    + LoginThrottle.printable(segments[1]) + "'.";
        }
        return null;
    }

    /** GET /connectors, /connectors/{id}, /connectors/{id}/operations, /operations. */
    private static boolean isCatalog(String[] s) {
        if (s.length == 1) {
            return "connectors".equals(s[0]) || "operations".equals(s[0]);
        }
        return "connectors".equals(s[0]) && (s.length == 2 || s.length == 3 && "operations".equals(s[2]));
    }

    /** POST /connectors/{id}/operations/{operationId}/invoke. */
    private static boolean isInvoke(String[] s) {
        return s.length == 5 && "connectors".equals(s[0]) && "operations".equals(s[2]) && "invoke".equals(s[4]);
    }

    private static String[] segments(String path) {
        String trimmed = path == null ? "" : path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }
}
