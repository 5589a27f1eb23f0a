package dev.switchboard.webconsole.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Cross-site request forgery protection for the plugin's state-changing requests. The console authenticates with
 * HTTP Basic, which a browser sends along with any request, a forged one included; so every POST must also come from
 * a page of this origin (Origin, else Referer, names this host) and carry the per-session token that only the
 * rendered page knows (header {@value #HEADER}). Web Console 5 has no CSRF protection of its own for plugins.
 */
final class CsrfGuard {

    static final String HEADER = "X-Switchboard-Token";
    private static final String ATTRIBUTE = CsrfGuard.class.getName() + ".token";

    private final SecureRandom random = new SecureRandom();

    /** The token of the request's session, created with the session when there is none. */
    String token(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Object token = session.getAttribute(ATTRIBUTE);
            if (token instanceof String existing) {
                return existing;
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String created = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(ATTRIBUTE, created);
            return created;
        }
    }

    /** Why {@code request} must be refused, or {@code null} when it may proceed. */
    String rejection(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        String source = origin != null && !"null".equals(origin) ? origin : request.getHeader("Referer");
        if (source == null) {
            return "the request names no Origin or Referer";
        }
        if (!sameOrigin(source, request.getHeader("Host"))) {
            return "the request comes from another origin";
        }
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        String given = request.getHeader(HEADER);
        if (!(expected instanceof String) || given == null
                || !MessageDigest.isEqual(((String) expected).getBytes(StandardCharsets.UTF_8),
                        given.getBytes(StandardCharsets.UTF_8))) {
            return "the request token is missing or stale: reload the page";
        }
        return null;
    }

    /** Whether URL {@code source} is on {@code host} (the Host header: name, and port unless the default one). */
    static boolean sameOrigin(String source, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(source);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            return authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
