package dev.switchboard.connector.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;

/** The connector's metadata and operations, read once from {@code manifest.json} beside this class. */
record ConnectorManifest(ServiceOperationApi service, List<ServiceOperation> operations) {

    static final String RESOURCE = "manifest.json";

    static ConnectorManifest load() {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = ConnectorManifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the bundle");
            }
            JsonNode manifest = mapper.readTree(in);
            return new ConnectorManifest(mapper.treeToValue(manifest.get("service"), ServiceOperationApi.class),
                    List.of(mapper.treeToValue(manifest.get("operations"), ServiceOperation[].class)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
