package dev.switchboard.connector.http.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request for {@link HttpRequestSender}: the base URL, the inputs of {@code sendRequest} ({@code method},
 * {@code uri} relative to the base URL or absolute, {@code headers}, {@code queries}, {@code body},
 * {@code bodyEncoding}, {@code timeoutSeconds}) and the credentials, given apart so that they go only to the base
 * URL's origin and win over a header or query parameter of the same name in the inputs.
 * <p>
 * Holds secrets: {@link #toString()} shows none.
 */
public final class OutboundRequest {

    private final String baseUrl;
    private final JsonNode inputs;
    private final Map<String, String> credentialHeaders;
    private final Map<String, String> credentialQueries;

    private OutboundRequest(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.inputs = Objects.requireNonNull(builder.inputs, "inputs");
        this.credentialHeaders = Map.copyOf(builder.credentialHeaders);
        this.credentialQueries = Map.copyOf(builder.credentialQueries);
    }

    /** @param inputs the inputs of {@code sendRequest} */
    public static Builder builder(JsonNode inputs) {
        return new Builder(inputs);
    }

    /** The base URL, {@code null} when none. */
    public String baseUrl() {
        return baseUrl;
    }

    public JsonNode inputs() {
        return inputs;
    }

    /** Header name to value; the values are secrets. */
    public Map<String, String> credentialHeaders() {
        return credentialHeaders;
    }

    /** Query parameter name to value; the values are secrets. */
    public Map<String, String> credentialQueries() {
        return credentialQueries;
    }

    @Override
    public String toString() {
        return "OutboundRequest[baseUrl=" + baseUrl + ", credentialHeaders=" + credentialHeaders.keySet()
                + ", credentialQueries=" + credentialQueries.keySet() + "]";
    }

    /** Builds an {@link OutboundRequest}. */
    public static final class Builder {
        private final JsonNode inputs;
        private String baseUrl;
        private final Map<String, String> credentialHeaders = new LinkedHashMap<>();
        private final Map<String, String> credentialQueries = new LinkedHashMap<>();

        private Builder(JsonNode inputs) {
            this.inputs = inputs;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** A header that carries a credential; a second value for the same name replaces the first. */
        public Builder credentialHeader(String name, String value) {
            credentialHeaders.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** A query parameter that carries a credential. */
        public Builder credentialQuery(String name, String value) {
            credentialQueries.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public OutboundRequest build() {
            return new OutboundRequest(this);
        }
    }
}
