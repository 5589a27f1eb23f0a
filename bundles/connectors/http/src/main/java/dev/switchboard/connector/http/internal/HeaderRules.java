package dev.switchboard.connector.http.internal;

import java.util.Locale;
import java.util.Set;

/** What the JDK client accepts as a header: RFC 9110 token names, no control characters, not the restricted ones. */
final class HeaderRules {

    /** Headers {@code java.net.http} manages itself and refuses from callers (see jdk.httpclient.allowRestrictedHeaders). */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderRules() {}

    static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isRestricted(String name) {
        return RESTRICTED.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Latin-1 without CR, LF or other control characters except horizontal tab: what the JDK client accepts. Checked
     * here because the client's own refusal quotes the value, which may be a secret.
     */
    static boolean isValidValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }
}
