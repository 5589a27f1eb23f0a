package dev.switchboard.triggers.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * How a webhook URL is shown: without user info, with every query value replaced by {@code ***}, without fragment.
 * User info and query values often carry the receiver's credentials ({@code ?token=...}); the URL stored for delivery
 * keeps them.
 */
public final class WebhookUrl {

    /** What replaces each query value. */
    public static final String MASK = "***";
    /** Shown for a value that is not an absolute URL with a host (nothing of it is echoed). */
    public static final String UNREADABLE = "(webhook)";

    private WebhookUrl() {}

    /** {@code https://user:pass@example.com/hook?token=abc} → {@code https://example.com/hook?token=***}. */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return UNREADABLE;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return UNREADABLE;
        }
        StringBuilder shown = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            shown.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            shown.append(uri.getRawPath());
        }
        String query = uri.getRawQuery();
        if (query != null) {
            shown.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                if (i > 0) {
                    shown.append('&');
                }
                int eq = pairs[i].indexOf('=');
                shown.append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1) + MASK);
            }
        }
        return shown.toString();
    }
}
