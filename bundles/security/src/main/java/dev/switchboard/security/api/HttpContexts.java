package dev.switchboard.security.api;

/**
 * The servlet contexts of the API, for servlets to select with
 * {@code osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=<name>)}.
 */
public final class HttpContexts {

    /** {@code /api}: every request authenticated (admin or API token) and checked against the caller's roles. */
    public static final String API = "switchboard.api";

    /** {@code /api} too, ranked above {@link #API}: endpoints without the API's credentials (health, hooks). */
    public static final String PUBLIC = "switchboard.public";

    private HttpContexts() {}
}
