package dev.switchboard.connector.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of a connector: {@code {name, id, type, properties:{api, summary, ..., manifest}}}.
 *
 * @param name       the operation id used to invoke it, unique within the connector
 * @param id         by default the same as {@code name}
 * @param type       by default {@value #TYPE}
 * @param properties what the operation does, and (when expanded) its manifest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceOperation(String name, String id, String type, Properties properties) {

    public static final String TYPE = "ServiceProvider";
    /** A trigger that fires once per event. */
    public static final String TRIGGER_SINGLE = "Single";
    /** A trigger that fires with a batch of events. */
    public static final String TRIGGER_BATCH = "Batch";

    @JsonCreator
    public ServiceOperation(
            @JsonProperty("name") String name,
            @JsonProperty("id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("properties") Properties properties) {
        this.name = name;
        this.id = id == null ? name : id;
        this.type = type == null ? TYPE : type;
        this.properties = properties;
    }

    /** Starts a declaration of operation {@code name} of connector {@code api}. */
    public static Builder builder(ServiceOperationApi api, String name) {
        return new Builder(api, name);
    }

    /** {@code true} for a trigger operation ({@code properties.trigger} is set). */
    @JsonIgnore
    public boolean isTrigger() {
        return properties != null && properties.trigger() != null;
    }

    /** The manifest, or {@code null} for a summary. */
    @JsonIgnore
    public OperationManifest manifest() {
        return properties == null ? null : properties.manifest();
    }

    /** The same operation as a summary, without its manifest. */
    public ServiceOperation withoutManifest() {
        if (properties == null || properties.manifest() == null) {
            return this;
        }
        Properties p = properties;
        return new ServiceOperation(
                name,
                id,
                type,
                new Properties(
                        p.api(),
                        p.summary(),
                        p.description(),
                        p.visibility(),
                        p.operationType(),
                        p.brandColor(),
                        p.iconUri(),
                        p.trigger(),
                        null));
    }

    /** @param trigger absent for actions, {@value #TRIGGER_SINGLE} or {@value #TRIGGER_BATCH} for triggers */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(
            ApiReference api,
            String summary,
            String description,
            String visibility,
            String operationType,
            String brandColor,
            String iconUri,
            String trigger,
            OperationManifest manifest) {

        @JsonCreator
        public Properties(
                @JsonProperty("api") ApiReference api,
                @JsonProperty("summary") String summary,
                @JsonProperty("description") String description,
                @JsonProperty("visibility") String visibility,
                @JsonProperty("operationType") String operationType,
                @JsonProperty("brandColor") String brandColor,
                @JsonProperty("iconUri") String iconUri,
                @JsonProperty("trigger") String trigger,
                @JsonProperty("manifest") OperationManifest manifest) {
            this.api = api;
            this.summary = summary;
            this.description = description;
            this.visibility = visibility;
            this.operationType = operationType == null ? TYPE : operationType;
            this.brandColor = brandColor;
            this.iconUri = iconUri;
            this.trigger = trigger;
            this.manifest = manifest;
        }
    }

    /** The connector an operation belongs to: {@code {id, name}}. */
    public record ApiReference(String id, String name) {
        @JsonCreator
        public ApiReference(@JsonProperty("id") String id, @JsonProperty("name") String name) {
            this.id = id;
            this.name = name;
        }
    }

    public static final class Builder {
        private final ServiceOperationApi api;
        private final String name;
        private String summary;
        private String description;
        private String visibility;
        private String trigger;
        private JsonNode inputs;
        private JsonNode outputs;
        private OperationManifest manifest;

        private Builder(ServiceOperationApi api, String name) {
            this.api = api;
            this.name = name;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder visibility(String visibility) {
            this.visibility = visibility;
            return this;
        }

        /** Makes this a trigger: {@value #TRIGGER_SINGLE} or {@value #TRIGGER_BATCH}. */
        public Builder trigger(String trigger) {
            this.trigger = trigger;
            return this;
        }

        /** The inputs JSON Schema. */
        public Builder inputs(JsonNode inputsSchema) {
            this.inputs = inputsSchema;
            return this;
        }

        /** The outputs JSON Schema. */
        public Builder outputs(JsonNode outputsSchema) {
            this.outputs = outputsSchema;
            return this;
        }

        /** A whole manifest; replaces {@link #inputs} and {@link #outputs}. */
        public Builder manifest(OperationManifest manifest) {
            this.manifest = manifest;
            return this;
        }

        /** The operation with its manifest. */
        public ServiceOperation build() {
            OperationManifest m = manifest != null ? manifest : OperationManifest.of(inputs, outputs);
            ServiceOperationApi.Properties p = api.properties();
            return new ServiceOperation(
                    name,
                    name,
                    TYPE,
                    new Properties(
                            new ApiReference(api.id(), api.name()),
                            summary,
                            description,
                            visibility,
                            TYPE,
                            p.brandColor(),
                            p.iconUri(),
                            trigger,
                            m));
        }
    }
}
