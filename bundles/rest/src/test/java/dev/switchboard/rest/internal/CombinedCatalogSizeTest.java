package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;

public class CombinedCatalogSizeTest {

    @Test
    public void fiveThousandOperations() throws Exception {
        List<ConnectorEntry> entries = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            ServiceOperationApi api = ServiceOperationApi.builder("c" + c).build();
            List<ServiceOperation> ops = new ArrayList<>();
            for (int o = 0; o < 100; o++) {
                ops.add(Fixtures.operation(api, "op" + o));
            }
            entries.add(new ConnectorEntry(
                    "c" + c,
                    "1.0.0",
                    ConnectorState.ACTIVE,
                    null,
                    api,
                    ops,
                    new BundleInfo(c, "c" + c, "1.0.0", "file:c" + c)));
        }
        try (TestServer server = new TestServer()) {
            server.catalog.snapshot = new CatalogSnapshot(1, entries);
            for (boolean expand : new boolean[] {false, true}) {
                long first = System.nanoTime();
                HttpResponse<String> response = server.get("/api/operations?expand=" + expand);
                long firstMs = (System.nanoTime() - first) / 1_000_000;
                assertEquals(5000, TestServer.json(response).size());
                for (int i = 0; i < 50; i++) {
                    server.send(
                            server.request("/api/operations?expand=" + expand).GET(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                }
                long[] times = new long[100];
                for (int i = 0; i < times.length; i++) {
                    long t = System.nanoTime();
                    server.send(
                            server.request("/api/operations?expand=" + expand).GET(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                    times[i] = System.nanoTime() - t;
                }
                Arrays.sort(times);
                long[] renders = new long[5];
                for (int i = 0; i < renders.length; i++) {
                    server.catalog.snapshot = new CatalogSnapshot(server.catalog.snapshot.revision() + 1, entries);
                    long t = System.nanoTime();
                    server.send(
                            server.request("/api/operations?expand=" + expand).GET(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                    renders[i] = (System.nanoTime() - t) / 1_000_000;
                }
                System.out.println("after a change: " + Arrays.toString(renders) + " ms");
                System.out.printf(
                        "expand=%s bytes=%d first=%d ms p50=%.2f ms p90=%.2f ms%n",
                        expand, response.body().length(), firstMs, times[50] / 1e6, times[90] / 1e6);
            }
        }
    }
}
