package dev.switchboard.connector.http.internal;

import java.util.Locale;

/** The {@code authType} connection parameter. */
enum AuthType {
    NONE("none"),
    BASIC("basic"),
    BEARER("bearer"),
    API_KEY("apiKey"),
    /** Credentials computed by the caller of the client API; never a value of the {@code authType} parameter. */
    GIVEN("given");

    private final String parameterValue;

    AuthType(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    String parameterValue() {
        return parameterValue;
    }

    /** Matches without regard to case; {@code null} or blank is {@link #NONE}; anything else unknown is {@code null}. */
    static AuthType parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (AuthType type : values()) {
            if (type != GIVEN && type.parameterValue.toLowerCase(Locale.ROOT).equals(wanted)) {
                return type;
            }
        }
        return null;
    }
}
