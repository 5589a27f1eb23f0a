package dev.switchboard.connector.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The declaration of one connection parameter.
 *
 * @param type            {@value #STRING}, {@value #SECURE_STRING}, {@value #BOOL} or {@value #INT}
 * @param parameterSource where the value comes from, for example {@code "AppConfiguration"}; may be {@code null}
 * @param uiDefinition    how a tool presents the parameter
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionParameter(String type, String parameterSource, UiDefinition uiDefinition) {

    public static final String STRING = "string";
    /** A secret: never returned, logged or shown by the host. */
    public static final String SECURE_STRING = "securestring";

    public static final String BOOL = "bool";
    public static final String INT = "int";

    @JsonCreator
    public ConnectionParameter(
            @JsonProperty("type") String type,
            @JsonProperty("parameterSource") String parameterSource,
            @JsonProperty("uiDefinition") UiDefinition uiDefinition) {
        this.type = type == null ? STRING : type;
        this.parameterSource = parameterSource;
        this.uiDefinition = uiDefinition == null ? new UiDefinition(null, null, null, null) : uiDefinition;
    }

    /** {@code true} when the value is a secret. */
    public boolean secure() {
        return SECURE_STRING.equalsIgnoreCase(type);
    }

    /** {@code true} when the parameter must be present. */
    public boolean required() {
        return uiDefinition.constraints() != null
                && Boolean.TRUE.equals(uiDefinition.constraints().required());
    }

    public static Builder string(String displayName) {
        return new Builder(STRING, displayName);
    }

    public static Builder secureString(String displayName) {
        return new Builder(SECURE_STRING, displayName);
    }

    public static Builder bool(String displayName) {
        return new Builder(BOOL, displayName);
    }

    public static Builder integer(String displayName) {
        return new Builder(INT, displayName);
    }

    /** @param displayName the label a tool shows for the parameter */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UiDefinition(String displayName, String description, String tooltip, Constraints constraints) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Constraints(Boolean required) {}

    /** Declares a parameter in a readable line: {@code ConnectionParameter.secureString("Password").required().build()}. */
    public static final class Builder {
        private final String type;
        private final String displayName;
        private String description;
        private String tooltip;
        private String parameterSource;
        private boolean required;

        private Builder(String type, String displayName) {
            this.type = type;
            this.displayName = displayName;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder tooltip(String tooltip) {
            this.tooltip = tooltip;
            return this;
        }

        public Builder parameterSource(String parameterSource) {
            this.parameterSource = parameterSource;
            return this;
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        public ConnectionParameter build() {
            return new ConnectionParameter(
                    type,
                    parameterSource,
                    new UiDefinition(displayName, description, tooltip, new Constraints(required)));
        }
    }
}
