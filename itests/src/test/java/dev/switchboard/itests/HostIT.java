package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.OperationInvoker;

/** The host in real Felix with real connector bundles: catalog, invocation, isolation of bad providers, updates. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ConnectionParameters HELLO = ConnectionParameters.of(Map.of("salutation", "Hello"));

    @Inject
    private BundleContext context;

    @Inject
    private ConnectorCatalog catalog;

    private final List<Bundle> installed = new ArrayList<>();

    @Configuration
    public Option[] configuration() {
        return new Option[] {SwitchboardOptions.host()};
    }

    @After
    public void uninstallConnectors() throws Exception {
        for (Bundle bundle : installed) {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                bundle.uninstall();
            }
        }
        Await.until(
                "the test connectors to leave the catalog",
                WAIT,
                () -> catalog.snapshot(),
                s -> s.connectors().stream()
                        .noneMatch(c -> installed.stream()
                                .anyMatch(b -> b.getBundleId() == c.bundle().id())));
    }

    @Test
    public void aProviderAppearsInTheCatalogAndCanBeInvoked() throws Exception {
        long before = catalog.snapshot().revision();
        Bundle greeter = install("greeter-v1", "greeter-v1");

        ConnectorEntry entry = awaitState("greeter", "1.0.0", ConnectorState.ACTIVE);
        assertEquals(greeter.getBundleId(), entry.bundle().id());
        assertEquals("dev.switchboard.itests.greeter", entry.bundle().symbolicName());
        assertEquals("Greeter", entry.service().properties().displayName());
        assertEquals(
                List.of("greet"), entry.operations().stream().map(o -> o.name()).toList());
        assertNotNull(
                "operations are read with their manifest",
                entry.operation("greet").manifest().inputs());
        assertTrue("the revision changes", catalog.snapshot().revision() > before);

        ServiceOperationResponse response = invoke("greeter", null, "greet", HELLO, "{\"name\":\"Ada\",\"times\":2}");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, Ada! Hello, Ada!", response.body().get("message").asText());
    }

    @Test
    public void invalidInputIsRefusedWithOneDetailPerField() throws Exception {
        install("greeter-v1", "greeter-v1");
        awaitState("greeter", "1.0.0", ConnectorState.ACTIVE);

        InvocationException e = failure("greeter", null, "greet", HELLO, "{\"times\":7,\"extra\":1}");
        assertEquals(400, e.status());
        assertEquals("InvalidInput", e.code());
        assertTrue(
                "required name, times maximum, extra not allowed: " + e.details(),
                e.details().size() >= 3);
        String targets =
                e.details().stream().map(d -> d.target() + " " + d.message()).collect(Collectors.joining("\n"));
        assertTrue(targets, targets.contains("/times"));
        assertTrue(targets, targets.contains("name"));

        InvocationException missing =
                failure("greeter", null, "greet", ConnectionParameters.empty(), "{\"name\":\"Ada\"}");
        assertEquals(400, missing.status());
        assertEquals("MissingConnectionParameter", missing.code());
        assertTrue(
                missing.getMessage() + missing.details(),
                (missing.getMessage() + missing.details()).contains("salutation"));

        assertEquals(404, failure("greeter", null, "nope", HELLO, "{}").status());
        assertEquals(404, failure("nobody", null, "greet", HELLO, "{}").status());
    }

    @Test
    public void updatingFromV1ToV2ChangesTheOperations() throws Exception {
        Bundle greeter = install("greeter-v1", "greeter");
        awaitState("greeter", "1.0.0", ConnectorState.ACTIVE);

        try (InputStream v2 = Files.newInputStream(SwitchboardOptions.connector("greeter-v2"))) {
            greeter.update(v2);
        }
        ConnectorEntry entry = awaitState("greeter", "2.0.0", ConnectorState.ACTIVE);
        assertEquals(
                List.of("greet", "farewell"),
                entry.operations().stream().map(o -> o.name()).toList());
        Await.until(
                "version 1.0.0 to leave the catalog",
                WAIT,
                () -> catalog.snapshot().versionsOf("greeter"),
                versions -> versions.size() == 1);
        assertEquals(
                "Goodbye, Ada.",
                invoke("greeter", null, "farewell", HELLO, "{\"name\":\"Ada\"}")
                        .body()
                        .get("message")
                        .asText());
    }

    @Test
    public void uninstallingRemovesTheConnector() throws Exception {
        Bundle greeter = install("greeter-v1", "greeter-v1");
        awaitState("greeter", "1.0.0", ConnectorState.ACTIVE);
        long revision = catalog.snapshot().revision();

        greeter.uninstall();
        CatalogSnapshot after = Await.until(
                "greeter to leave the catalog",
                WAIT,
                () -> catalog.snapshot(),
                s -> s.versionsOf("greeter").isEmpty());
        assertTrue(after.revision() > revision);
        assertEquals(
                404,
                failure("greeter", null, "greet", HELLO, "{\"name\":\"Ada\"}").status());
    }

    @Test
    public void twoVersionsRunSideBySide() throws Exception {
        install("greeter-v1", "greeter-v1");
        install("greeter-v2", "greeter-v2");
        awaitState("greeter", "1.0.0", ConnectorState.ACTIVE);
        awaitState("greeter", "2.0.0", ConnectorState.ACTIVE);

        assertEquals(
                "2",
                invoke("greeter", null, "greet", HELLO, "{\"name\":\"A\"}")
                        .body()
                        .get("version")
                        .asText());
        assertEquals(
                "1",
                invoke("greeter", "1.0.0", "greet", HELLO, "{\"name\":\"A\"}")
                        .body()
                        .get("version")
                        .asText());
        assertEquals(
                "1",
                invoke("greeter", "[1.0,2.0)", "greet", HELLO, "{\"name\":\"A\"}")
                        .body()
                        .get("version")
                        .asText());
        InvocationException missing = failure("greeter", "3.0.0", "greet", HELLO, "{\"name\":\"A\"}");
        assertEquals(404, missing.status());
        assertTrue(
                missing.getMessage(),
                missing.getMessage().contains("1.0.0") && missing.getMessage().contains("2.0.0"));
    }

    @Test
    public void removingOneVersionLeavesTheOtherServing() throws Exception {
        install("greeter-v1", "greeter-v1");
        Bundle v2 = install("greeter-v2", "greeter-v2");
        awaitState("greeter", "1.0.0", ConnectorState.ACTIVE);
        awaitState("greeter", "2.0.0", ConnectorState.ACTIVE);

        v2.uninstall();
        Await.until(
                "2.0.0 to leave the catalog",
                WAIT,
                () -> catalog.snapshot().versionsOf("greeter"),
                versions -> versions.size() == 1);
        assertEquals(
                "1",
                invoke("greeter", null, "greet", HELLO, "{\"name\":\"A\"}")
                        .body()
                        .get("version")
                        .asText());
        InvocationException gone = failure("greeter", "2.0.0", "greet", HELLO, "{\"name\":\"A\"}");
        assertEquals(404, gone.status());
        assertTrue(gone.getMessage(), gone.getMessage().contains("available versions: 1.0.0"));
    }

    @Test
    public void badProvidersAreFailedWithAReasonWhileOthersWork() throws Exception {
        install("greeter-v1", "greeter-v1");
        install("faulty", "faulty");
        awaitState("greeter", "1.0.0", ConnectorState.ACTIVE);

        assertFailed("throwing", "operation catalogue unavailable");
        assertFailed("nullops", "null");
        assertFailed("duplicates", "same");
        assertFailed("badschema", "schema");
        CatalogSnapshot snapshot = Await.until(
                "the hanging provider to time out",
                Duration.ofSeconds(20),
                () -> catalog.snapshot(),
                s -> state(s, "hanging") == ConnectorState.FAILED);
        assertTrue(
                reason(snapshot, "hanging"),
                reason(snapshot, "hanging").toLowerCase().contains("within"));

        List<ConnectorEntry> twins = catalog.snapshot().versionsOf("twin");
        assertEquals(2, twins.size());
        assertEquals(
                1,
                twins.stream().filter(t -> t.state() == ConnectorState.ACTIVE).count());
        ConnectorEntry conflict = twins.stream()
                .filter(t -> t.state() == ConnectorState.CONFLICT)
                .findFirst()
                .orElseThrow();
        assertNotNull(conflict.reason());

        assertTrue(
                "the provider without a name is listed too",
                catalog.snapshot().connectors().stream()
                        .anyMatch(c -> c.state() == ConnectorState.FAILED && c.service() == null));
        assertEquals(
                "Hello, Ada!",
                invoke("greeter", null, "greet", HELLO, "{\"name\":\"Ada\"}")
                        .body()
                        .get("message")
                        .asText());
    }

    @Test
    public void connectorFailuresMapToStatuses() throws Exception {
        configureInvokeTimeout(1500);
        install("faulty", "faulty");
        awaitState("misbehaving", "1.0.0", ConnectorState.ACTIVE);

        assertTrue(invoke("misbehaving", null, "ok", ConnectionParameters.empty(), "{}")
                .body()
                .get("ok")
                .asBoolean());
        InvocationException own = failure("misbehaving", null, "operationError", ConnectionParameters.empty(), "{}");
        assertEquals(409, own.status());
        assertEquals("AlreadyExists", own.code());
        assertEquals(
                502,
                failure("misbehaving", null, "throwRuntime", ConnectionParameters.empty(), "{}")
                        .status());
        assertEquals(
                502,
                failure("misbehaving", null, "returnNull", ConnectionParameters.empty(), "{}")
                        .status());
        InvocationException failed = failure("misbehaving", null, "failedFuture", ConnectionParameters.empty(), "{}");
        assertEquals(502, failed.status());
        assertTrue(failed.getMessage(), failed.getMessage().contains("backend unreachable"));
        assertEquals(
                504,
                failure("misbehaving", null, "neverCompletes", ConnectionParameters.empty(), "{}")
                        .status());
        assertEquals(
                504,
                failure("misbehaving", null, "blocks", ConnectionParameters.empty(), "{}")
                        .status());
    }

    private void configureInvokeTimeout(int millis) throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        assertNotNull("ConfigurationAdmin", ref);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("invoke.timeout.ms", millis);
        context.getService(ref)
                .getConfiguration("dev.switchboard.host.dispatcher", "?")
                .update(props);
        Await.until(
                "the dispatcher to take its new timeout",
                WAIT,
                () -> Optional.ofNullable(context.getServiceReference(OperationInvoker.class))
                        .map(r -> String.valueOf(r.getProperty("invoke.timeout.ms")))
                        .orElse("none"),
                value -> value.equals(String.valueOf(millis)));
    }

    /** The current dispatcher: a configuration change replaces the component, so never keep an old one. */
    private OperationInvoker invoker() {
        ServiceReference<OperationInvoker> ref = context.getServiceReference(OperationInvoker.class);
        assertNotNull("an OperationInvoker is registered", ref);
        return context.getService(ref);
    }

    private Bundle install(String artifact, String locationName) throws Exception {
        Bundle bundle;
        try (InputStream in = Files.newInputStream(SwitchboardOptions.connector(artifact))) {
            bundle = context.installBundle("itest:" + locationName, in);
        }
        installed.add(bundle);
        bundle.start();
        return bundle;
    }

    private ConnectorEntry awaitState(String id, String version, ConnectorState state) {
        CatalogSnapshot s = Await.until(
                id + "@" + version + " to be " + state,
                WAIT,
                () -> catalog.snapshot(),
                snap -> snap.versionsOf(id).stream().anyMatch(c -> c.version().equals(version) && c.state() == state));
        return s.versionsOf(id).stream()
                .filter(c -> c.version().equals(version))
                .findFirst()
                .orElseThrow();
    }

    private void assertFailed(String id, String reasonPart) {
        CatalogSnapshot s = Await.until(
                id + " to be FAILED", WAIT, () -> catalog.snapshot(), snap -> state(snap, id) == ConnectorState.FAILED);
        assertTrue(id + ": " + reason(s, id), reason(s, id).contains(reasonPart));
        assertTrue(
                "a failed connector lists no operations",
                s.versionsOf(id).get(0).operations().isEmpty());
    }

    private static ConnectorState state(CatalogSnapshot s, String id) {
        return s.versionsOf(id).isEmpty() ? null : s.versionsOf(id).get(0).state();
    }

    private static String reason(CatalogSnapshot s, String id) {
        return String.valueOf(s.versionsOf(id).get(0).reason());
    }

    private ServiceOperationResponse invoke(
            String id, String version, String op, ConnectionParameters connection, String parameters) throws Exception {
        return invoker()
                .invoke(invocation(id, version, op, connection, parameters))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private InvocationException failure(
            String id, String version, String op, ConnectionParameters connection, String parameters) throws Exception {
        try {
            ServiceOperationResponse r = invoker()
                    .invoke(invocation(id, version, op, connection, parameters))
                    .toCompletableFuture()
                    .join();
            fail("expected a failure, got " + r);
            return null;
        } catch (CompletionException e) {
            assertTrue(
                    "fails only with InvocationException: " + e.getCause(),
                    e.getCause() instanceof InvocationException);
            return (InvocationException) e.getCause();
        }
    }

    private static Invocation invocation(
            String id, String version, String op, ConnectionParameters connection, String parameters) throws Exception {
        return new Invocation(
                id, version, op, connection, ServiceOperationRequest.of((ObjectNode) MAPPER.readTree(parameters)));
    }
}
