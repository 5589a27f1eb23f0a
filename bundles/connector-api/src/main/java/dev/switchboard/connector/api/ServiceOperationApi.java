package dev.switchboard.connector.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A connector's metadata: {@code {name, id, type:"ServiceProvider", properties:{...}}}.
 *
 * @param name       the connector id used everywhere else, for example {@code sql}
 * @param id         the service id, by default {@code /serviceProviders/<name>}
 * @param type       always {@value #TYPE}
 * @param properties display metadata, capabilities and connection parameters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceOperationApi(String name, String id, String type, Properties properties) {

    public static final String TYPE = "ServiceProvider";
    public static final String CAPABILITY_ACTIONS = "actions";
    public static final String CAPABILITY_TRIGGERS = "triggers";

    @JsonCreator
    public ServiceOperationApi(
            @JsonProperty("name") String name,
            @JsonProperty("id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("properties") Properties properties) {
        this.name = name;
        this.id = id;
        this.type = type == null ? TYPE : type;
        this.properties = properties == null ? new Properties(null, null, null, null, null, null) : properties;
    }

    /** Starts a declaration of connector {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * @param capabilities         {@value #CAPABILITY_ACTIONS} and/or {@value #CAPABILITY_TRIGGERS}
     * @param connectionParameters the connection parameters by name, in declaration order
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(
            String displayName,
            String description,
            String brandColor,
            String iconUri,
            List<String> capabilities,
            Map<String, ConnectionParameter> connectionParameters) {

        @JsonCreator
        public Properties(
                @JsonProperty("displayName") String displayName,
                @JsonProperty("description") String description,
                @JsonProperty("brandColor") String brandColor,
                @JsonProperty("iconUri") String iconUri,
                @JsonProperty("capabilities") List<String> capabilities,
                @JsonProperty("connectionParameters") Map<String, ConnectionParameter> connectionParameters) {
            this.displayName = displayName;
            this.description = description;
            this.brandColor = brandColor;
            this.iconUri = iconUri;
            this.capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
            this.connectionParameters = connectionParameters == null
                    ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(connectionParameters));
        }
    }

    public static final class Builder {
        private final String name;
        private String id;
        private String displayName;
        private String description;
        private String brandColor;
        private String iconUri;
        private final List<String> capabilities = new ArrayList<>();
        private final Map<String, ConnectionParameter> connectionParameters = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder brandColor(String brandColor) {
            this.brandColor = brandColor;
            return this;
        }

        public Builder iconUri(String iconUri) {
            this.iconUri = iconUri;
            return this;
        }

        public Builder capabilities(String... capabilities) {
            this.capabilities.addAll(List.of(capabilities));
            return this;
        }

        public Builder connectionParameter(String name, ConnectionParameter parameter) {
            this.connectionParameters.put(name, parameter);
            return this;
        }

        public Builder connectionParameter(String name, ConnectionParameter.Builder parameter) {
            return connectionParameter(name, parameter.build());
        }

        public ServiceOperationApi build() {
            List<String> caps = capabilities.isEmpty() ? List.of(CAPABILITY_ACTIONS) : capabilities;
            return new ServiceOperationApi(
                    name,
                    id != null ? id : "/serviceProviders/" + name,
                    TYPE,
                    new Properties(
                            displayName != null ? displayName : name,
                            description,
                            brandColor,
                            iconUri,
                            caps,
                            connectionParameters));
        }
    }
}
