package dev.switchboard.rest.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;

/** Connector entries and catalogs for the tests. */
final class Fixtures {

    private Fixtures() {}

    static ServiceOperationApi greeterApi(String description) {
        return ServiceOperationApi.builder("greeter")
                .displayName("Greeter")
                .description(description)
                .capabilities(ServiceOperationApi.CAPABILITY_ACTIONS)
                .connectionParameter(
                        "token", ConnectionParameter.secureString("Token").required())
                .build();
    }

    static ServiceOperation operation(ServiceOperationApi api, String name) {
        ObjectNode inputs = TestServer.JSON.createObjectNode().put("type", "object");
        inputs.putObject("properties").putObject("name").put("type", "string");
        ObjectNode outputs = TestServer.JSON.createObjectNode().put("type", "string");
        return ServiceOperation.builder(api, name)
                .summary("Runs " + name)
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }

    static ConnectorEntry greeter(String version, ConnectorState state, String reason, String... operations) {
        ServiceOperationApi api = greeterApi("Greeter " + version);
        List<ServiceOperation> ops = state == ConnectorState.ACTIVE
                ? List.of(operations).stream().map(name -> operation(api, name)).toList()
                : List.of();
        return new ConnectorEntry(
                "greeter",
                version,
                state,
                reason,
                api,
                ops,
                new BundleInfo(
                        10 + version.charAt(0),
                        "org.example.greeter",
                        version,
                        "file:/deploy/greeter-" + version + ".jar"));
    }

    /** greeter 3.0.0 FAILED, 2.0.0 and 1.0.0 ACTIVE; broken 1.0.0 FAILED without metadata; slow 0.9.0 LOADING. */
    static CatalogSnapshot catalog(long revision) {
        return new CatalogSnapshot(
                revision,
                List.of(
                        new ConnectorEntry(
                                "broken",
                                "1.0.0",
                                ConnectorState.FAILED,
                                "getService() threw",
                                null,
                                List.of(),
                                new BundleInfo(20, "org.example.broken", "1.0.0", "file:/deploy/broken.jar")),
                        greeter("3.0.0", ConnectorState.FAILED, "invalid manifest"),
                        greeter("2.0.0", ConnectorState.ACTIVE, null, "hello", "bye"),
                        greeter("1.0.0", ConnectorState.ACTIVE, null, "hello"),
                        new ConnectorEntry(
                                "slow",
                                "0.9.0",
                                ConnectorState.LOADING,
                                null,
                                greeterApi("slow"),
                                List.of(),
                                new BundleInfo(30, "org.example.slow", "0.9.0", "file:/deploy/slow.jar"))));
    }
}
