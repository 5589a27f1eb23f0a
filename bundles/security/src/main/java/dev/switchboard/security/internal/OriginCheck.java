package dev.switchboard.security.internal;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a state-changing request comes from a page of the host's own origin (or an allowed one). Browsers send
 * cached Basic credentials with any request, a forged one included; they also say where it comes from: Origin, else
 * Referer, else Sec-Fetch-Site. A request that says none of them (curl, an SDK) is not a browser's and passes.
 */
final class OriginCheck {

    private final Set<String> allowed = new HashSet<>();

    OriginCheck(String[] allowedOrigins) {
        for (String origin : allowedOrigins == null ? new String[0] : allowedOrigins) {
            String normalized = normalize(origin);
            if (normalized != null) {
                allowed.add(normalized);
            }
        }
    }

    /** Why the request must be refused, or null when it may proceed. */
    String refusal(HttpServletRequest request) {
        String host = request.getHeader("Host");
        String own = normalize(request.getScheme() + "://" + host);
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return accepted(origin, own, host)
                    ? null
                    : "it comes from another origin (" + LoginThrottle.printable(origin) + ")";
        }
        String referer = request.getHeader("Referer");
        if (referer != null && !referer.isBlank()) {
            return accepted(referer, own, host) ? null : "it comes from a page of another origin";
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !"same-origin".equalsIgnoreCase(site) && !"none".equalsIgnoreCase(site)) {
            return "the browser says it is " + LoginThrottle.printable(site);
        }
        return null;
    }

    /**
     * The host's own origin, an allowed one, or a page served under the very name and port the request was sent to:
     * behind a TLS proxy the page is {@code https://name} while the host itself sees {@code http}.
     */
    private boolean accepted(String url, String own, String host) {
        String origin = normalize(url);
        if (origin == null) {
            return false;
        }
        if (origin.equals(own) || allowed.contains(origin)) {
            return true;
        }
        URI uri = URI.create(url.strip());
        String authority = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return host != null && authority.equalsIgnoreCase(host.strip());
    }

    /** {@code scheme://host[:port]} in lower case with the default port left out, or null when it is not a URL. */
    static String normalize(String url) {
        if (url == null || url.isBlank() || "null".equals(url.strip())) {
            return null;
        }
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
