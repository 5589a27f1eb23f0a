package dev.switchboard.webconsole.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

import dev.switchboard.security.api.Caller;

/**
 * Cross-site request forgery protection for the plugin's state-changing requests, on top of the host's origin check
 * (which refuses every cross-origin POST before the console sees it): every POST must also carry the token that only
 * the rendered page knows (header {@value #HEADER}). The token is an HMAC of the signed-in user under a key that
 * lives in this process only, so it needs no HTTP session: the console creates none.
 */
final class CsrfGuard {

    static final String HEADER = "X-Switchboard-Token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key = new byte[32];

    CsrfGuard() {
        RANDOM.nextBytes(key);
    }

    /** The token of the request's user. */
    String token(HttpServletRequest request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(("csrf|" + user(request)).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
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
        String given = request.getHeader(HEADER);
        if (given == null
                || !MessageDigest.isEqual(
                        token(request).getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            return "the request token is missing or stale: reload the page";
        }
        return null;
    }

    private static String user(HttpServletRequest request) {
        Object caller = request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        return caller instanceof Caller c ? c.id() : String.valueOf(request.getRemoteUser());
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
