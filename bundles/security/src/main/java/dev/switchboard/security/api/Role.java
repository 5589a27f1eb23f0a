package dev.switchboard.security.api;

import java.util.Locale;

/** What a caller may do. {@link #ADMIN} may do everything; the others only what their name says. */
public enum Role {
    /** Everything, tokens and the audit log included. */
    ADMIN,
    /** Deployments, rollback, connections and subscriptions; reads everything but tokens and the audit log. */
    OPERATOR,
    /** Reads the catalog and invokes operations, of every connector or only those its token names. */
    INVOKER,
    /** Reads metrics. */
    METRICS;

    /** The lower-case name used in JSON and messages. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code name} (any case), or {@code null} when there is none of that name. */
    public static Role byName(String name) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(name)) {
                return role;
            }
        }
        return null;
    }
}
