package dev.switchboard.host.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

public class ManifestAggregatorTest {

    private final ManifestAggregator catalog = new ManifestAggregator(5000, 2, new JsonSchemas());
    private final List<CountDownLatch> toRelease = new ArrayList<>();

    @After
    public void tearDown() {
        toRelease.forEach(CountDownLatch::countDown);
        catalog.deactivate();
    }

    static BundleInfo bundle(long id, String bsn, String version) {
        return new BundleInfo(id, bsn, version, "file:/deploy/" + bsn + "-" + version + ".jar");
    }

    private ConnectorEntry settled(ManifestAggregator aggregator, long bundleId) {
        Await.until(
                "bundle " + bundleId + " is loaded",
                () -> aggregator.snapshot().connectors().stream()
                        .anyMatch(e -> e.bundle().id() == bundleId && e.state() != ConnectorState.LOADING));
        return aggregator.snapshot().connectors().stream()
                .filter(e -> e.bundle().id() == bundleId)
                .findFirst()
                .orElseThrow();
    }

    private ConnectorEntry register(long serviceId, BundleInfo bundle, FakeProvider provider) {
        catalog.register(serviceId, bundle, provider);
        return settled(catalog, bundle.id());
    }

    @Test
    public void validProviderBecomesActiveWithItsOperations() {
        FakeProvider provider = FakeProvider.of("sql", "query:{'type':'object'}", "ping");
        ConnectorEntry entry = register(1, bundle(10, "com.example.sql", "1.2.0"), provider);

        assertEquals(ConnectorState.ACTIVE, entry.state());
        assertEquals("sql", entry.id());
        assertEquals("1.2.0", entry.version());
        assertNull(entry.reason());
        assertEquals(
                List.of("query", "ping"),
                entry.operations().stream().map(ServiceOperation::name).toList());
        ProviderRegistration registration = catalog.view().registration(entry);
        assertSame(provider, registration.provider());
        assertNotNull(registration.inputSchema("query"));
        assertNull(registration.inputSchema("ping"));
    }

    @Test
    public void manifestIsReadOnALoaderThreadNotTheRegisteringOne() {
        FakeProvider provider = FakeProvider.of("sql", "query");
        register(1, bundle(10, "com.example.sql", "1.0.0"), provider);
        assertTrue(provider.loadedOnThread, provider.loadedOnThread.startsWith("switchboard-catalog-loader-"));
    }

    @Test
    public void entryIsLoadingUntilTheProviderAnswers() {
        CountDownLatch answer = new CountDownLatch(1);
        toRelease.add(answer);
        FakeProvider provider = FakeProvider.of("slow", "op");
        List<ServiceOperation> operations = provider.operations.get();
        provider.operations = () -> {
            await(answer);
            return operations;
        };
        catalog.register(1, bundle(10, "com.example.slow", "1.0.0"), provider);
        Await.until("the name is read", () -> provider.loadedOnThread != null);
        ConnectorEntry loading = catalog.snapshot().connectors().get(0);
        assertEquals(ConnectorState.LOADING, loading.state());
        assertEquals("bundle:com.example.slow", loading.id());
        assertTrue(loading.operations().isEmpty());

        answer.countDown();
        assertEquals(ConnectorState.ACTIVE, settled(catalog, 10).state());
    }

    @Test
    public void providerThatThrowsFailsWithItsExceptionAndAPlaceholderId() {
        FakeProvider provider = FakeProvider.of("x");
        provider.service = () -> {
            throw new IllegalStateException("boom");
        };
        ConnectorEntry entry = register(1, bundle(10, "com.example.broken", "1.0.0"), provider);
        assertEquals(ConnectorState.FAILED, entry.state());
        assertEquals("bundle:com.example.broken", entry.id());
        assertEquals("getService() threw IllegalStateException: boom", entry.reason());
        assertTrue(entry.operations().isEmpty());
        assertNull(catalog.view().registration(entry));
    }

    @Test
    public void getOperationsThatThrowsFailsUnderTheConnectorName() {
        FakeProvider provider = FakeProvider.of("named");
        provider.operations = () -> {
            throw new IllegalStateException("boom");
        };
        ConnectorEntry entry = register(1, bundle(10, "com.example.named", "1.0.0"), provider);
        assertEquals(ConnectorState.FAILED, entry.state());
        assertEquals("named", entry.id());
        assertEquals("getOperations(true) threw IllegalStateException: boom", entry.reason());
        assertNotNull(entry.service());
    }

    @Test
    public void nullAnswersFail() {
        FakeProvider noService = FakeProvider.of("x");
        noService.service = () -> null;
        assertEquals(
                "getService() returned null",
                register(1, bundle(10, "a", "1.0.0"), noService).reason());

        FakeProvider noOperations = FakeProvider.of("y");
        noOperations.operations = () -> null;
        assertEquals(
                "getOperations(true) returned null",
                register(2, bundle(11, "b", "1.0.0"), noOperations).reason());

        FakeProvider nullOperation = FakeProvider.of("z", "first");
        nullOperation.operations = () ->
                Arrays.asList(FakeProvider.of("z", "first").operations.get().get(0), null);
        assertEquals(
                "getOperations(true) returned a null operation at index 1",
                register(3, bundle(12, "c", "1.0.0"), nullOperation).reason());
    }

    @Test
    public void invalidNamesFail() {
        FakeProvider blank = new FakeProvider(ServiceOperationApi.builder(" ").build(), List.of());
        ConnectorEntry blankEntry = register(1, bundle(10, "com.example.blank", "1.0.0"), blank);
        assertEquals(ConnectorState.FAILED, blankEntry.state());
        assertEquals("bundle:com.example.blank", blankEntry.id());
        assertTrue(blankEntry.reason(), blankEntry.reason().contains("missing or blank"));

        FakeProvider spaces =
                new FakeProvider(ServiceOperationApi.builder("my connector").build(), List.of());
        ConnectorEntry spacesEntry = register(2, bundle(11, "com.example.spaces", "1.0.0"), spaces);
        assertEquals(ConnectorState.FAILED, spacesEntry.state());
        assertTrue(spacesEntry.reason(), spacesEntry.reason().contains("'my connector' is invalid"));
    }

    @Test
    public void operationWithoutNameFails() {
        ServiceOperationApi api = ServiceOperationApi.builder("x").build();
        FakeProvider provider = new FakeProvider(api, List.of(new ServiceOperation(null, null, null, null)));
        assertEquals(
                "the operation at index 0 has no name",
                register(1, bundle(10, "a", "1.0.0"), provider).reason());
    }

    @Test
    public void duplicateOperationIdsFail() {
        ConnectorEntry entry = register(1, bundle(10, "a", "1.0.0"), FakeProvider.of("dup", "x", "y", "x"));
        assertEquals(ConnectorState.FAILED, entry.state());
        assertEquals("duplicate operation id 'x'", entry.reason());
    }

    @Test
    public void invalidInputsSchemaFailsNamingTheOperationAndLocation() {
        ConnectorEntry entry = register(
                1,
                bundle(10, "a", "1.0.0"),
                FakeProvider.of("schemas", "good:{'type':'object'}", "bad:{'properties':{'a':{'type':'strin'}}}"));
        assertEquals(ConnectorState.FAILED, entry.state());
        assertTrue(
                entry.reason(),
                entry.reason().startsWith("operation 'bad': inputs schema is invalid: " + "/properties/a/type: "));
    }

    @Test
    public void invalidOutputsSchemaFails() {
        ServiceOperationApi api = ServiceOperationApi.builder("out").build();
        ServiceOperation op = ServiceOperation.builder(api, "x")
                .outputs(FakeProvider.json("{'type':42}"))
                .build();
        ConnectorEntry entry = register(1, bundle(10, "a", "1.0.0"), new FakeProvider(api, List.of(op)));
        assertTrue(entry.reason(), entry.reason().startsWith("operation 'x': outputs schema is invalid: /type: "));
    }

    @Test
    public void remoteSchemaReferenceFailsTheConnector() {
        ConnectorEntry entry = register(
                1, bundle(10, "a", "1.0.0"), FakeProvider.of("remote", "x:{'$ref':'https://schemas.invalid/x.json'}"));
        assertEquals(ConnectorState.FAILED, entry.state());
        assertTrue(entry.reason(), entry.reason().contains("https://schemas.invalid/x.json"));
    }

    @Test
    public void providerThatHangsTimesOutAndIsInterrupted() {
        ManifestAggregator quick = new ManifestAggregator(200, 1, new JsonSchemas());
        try {
            CountDownLatch never = new CountDownLatch(1);
            toRelease.add(never);
            AtomicBoolean interrupted = new AtomicBoolean();
            FakeProvider provider = FakeProvider.of("hang", "op");
            provider.operations = () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return List.of();
            };
            quick.register(1, bundle(10, "com.example.hang", "1.0.0"), provider);
            ConnectorEntry entry = settled(quick, 10);
            assertEquals(ConnectorState.FAILED, entry.state());
            assertEquals("hang", entry.id());
            assertTrue(entry.reason(), entry.reason().startsWith("getOperations(true) did not return within 200 ms"));
            Await.until("the loader is interrupted", interrupted::get);
            // the late answer does not overwrite the timeout
            assertEquals(
                    ConnectorState.FAILED, quick.snapshot().connectors().get(0).state());

            // the loader thread is free again
            quick.register(2, bundle(11, "com.example.ok", "1.0.0"), FakeProvider.of("ok", "op"));
            assertEquals(ConnectorState.ACTIVE, settled(quick, 11).state());
        } finally {
            quick.deactivate();
        }
    }

    @Test
    public void oneFailingProviderDoesNotAffectOthers() {
        FakeProvider broken = FakeProvider.of("broken");
        broken.operations = () -> {
            throw new IllegalStateException("boom");
        };
        register(1, bundle(10, "a", "1.0.0"), broken);
        register(2, bundle(11, "b", "1.0.0"), FakeProvider.of("fine", "op"));
        CatalogSnapshot snapshot = catalog.snapshot();
        assertEquals(ConnectorState.FAILED, snapshot.versionsOf("broken").get(0).state());
        assertEquals(ConnectorState.ACTIVE, snapshot.versionsOf("fine").get(0).state());
    }

    @Test
    public void sameIdAndVersionTwiceIsAConflictUntilTheFirstGoesAway() {
        register(5, bundle(10, "com.example.first", "1.0.0"), FakeProvider.of("dup", "op"));
        ConnectorEntry second = register(7, bundle(11, "com.example.second", "1.0.0"), FakeProvider.of("dup", "op"));

        assertEquals(ConnectorState.CONFLICT, second.state());
        assertTrue(second.reason(), second.reason().contains("com.example.first"));
        assertTrue(second.reason(), second.reason().contains("dup@1.0.0"));
        assertTrue(second.operations().isEmpty());
        List<ConnectorEntry> versions = catalog.snapshot().versionsOf("dup");
        assertEquals(2, versions.size());
        assertEquals(
                ConnectorState.ACTIVE,
                catalog.snapshot().select("dup", null, true).orElseThrow().state());
        assertEquals(
                10,
                catalog.snapshot()
                        .select("dup", null, true)
                        .orElseThrow()
                        .bundle()
                        .id());

        long before = catalog.snapshot().revision();
        catalog.unregister(5);
        CatalogSnapshot after = catalog.snapshot();
        assertTrue(after.revision() > before);
        assertEquals(1, after.versionsOf("dup").size());
        ConnectorEntry promoted = after.versionsOf("dup").get(0);
        assertEquals(ConnectorState.ACTIVE, promoted.state());
        assertEquals(11, promoted.bundle().id());
        assertNotNull(catalog.view().registration(promoted));
    }

    @Test
    public void differentVersionsOfOneIdCoexist() {
        register(1, bundle(10, "a", "1.0.0"), FakeProvider.of("multi", "op"));
        register(2, bundle(11, "a", "2.0.0"), FakeProvider.of("multi", "op"));
        List<ConnectorEntry> versions = catalog.snapshot().versionsOf("multi");
        assertEquals(
                List.of("2.0.0", "1.0.0"),
                versions.stream().map(ConnectorEntry::version).toList());
        assertTrue(versions.stream().allMatch(e -> e.state() == ConnectorState.ACTIVE));
    }

    @Test
    public void snapshotIsSortedByIdThenVersionDescending() {
        register(1, bundle(10, "a", "1.0.0"), FakeProvider.of("zeta", "op"));
        register(2, bundle(11, "b", "1.10.0"), FakeProvider.of("alpha", "op"));
        register(3, bundle(12, "c", "1.9.0"), FakeProvider.of("alpha", "op"));
        register(4, bundle(13, "d", "2.0.0"), FakeProvider.of("alpha", "op"));
        List<String> order = catalog.snapshot().connectors().stream()
                .map(e -> e.id() + "@" + e.version())
                .toList();
        assertEquals(List.of("alpha@2.0.0", "alpha@1.10.0", "alpha@1.9.0", "zeta@1.0.0"), order);
    }

    @Test
    public void everyChangeGivesANewImmutableSnapshotWithAHigherRevision() {
        CatalogSnapshot empty = catalog.snapshot();
        assertEquals(0, empty.connectors().size());
        register(1, bundle(10, "a", "1.0.0"), FakeProvider.of("one", "op"));
        CatalogSnapshot one = catalog.snapshot();
        assertTrue(one.revision() > empty.revision());
        register(2, bundle(11, "b", "1.0.0"), FakeProvider.of("two", "op"));
        CatalogSnapshot two = catalog.snapshot();
        assertTrue(two.revision() > one.revision());
        catalog.unregister(1);
        CatalogSnapshot three = catalog.snapshot();
        assertTrue(three.revision() > two.revision());

        // earlier snapshots are untouched
        assertEquals(0, empty.connectors().size());
        assertEquals(1, one.connectors().size());
        assertEquals(2, two.connectors().size());
        assertEquals(
                List.of("two"),
                three.connectors().stream().map(ConnectorEntry::id).toList());
        try {
            two.connectors().clear();
            throw new AssertionError("a snapshot must be immutable");
        } catch (UnsupportedOperationException expected) {
            // immutable
        }
    }

    @Test
    public void unregisteringAnUnknownServiceChangesNothing() {
        long before = catalog.snapshot().revision();
        catalog.unregister(99);
        assertEquals(before, catalog.snapshot().revision());
    }

    @Test
    public void versionSelectionHonoursExactQualifierAndRange() {
        register(1, bundle(10, "a", "1.0.0.beta"), FakeProvider.of("v", "op"));
        register(2, bundle(11, "b", "1.2.0.202601010000"), FakeProvider.of("v", "op"));
        register(3, bundle(12, "c", "2.0.0"), FakeProvider.of("v", "op"));
        CatalogSnapshot s = catalog.snapshot();

        assertEquals("2.0.0", s.select("v", null, true).orElseThrow().version());
        assertEquals(
                "1.2.0.202601010000", s.select("v", "1.2.0", true).orElseThrow().version());
        assertEquals(
                "1.0.0.beta", s.select("v", "1.0.0.beta", true).orElseThrow().version());
        assertTrue(s.select("v", "1.0.0.gamma", true).isEmpty());
        assertEquals(
                "1.2.0.202601010000",
                s.select("v", "[1.0,2.0)", true).orElseThrow().version());
        assertEquals("2.0.0", s.select("v", "[1.0,2.0]", true).orElseThrow().version());
        assertTrue(s.select("v", "3.0.0", true).isEmpty());
        assertTrue(s.select("other", null, true).isEmpty());
    }

    @Test
    public void bindUsesTheProvidingBundleAndServiceId() {
        Bundle bundle = proxy(Bundle.class, (method, args) -> switch (method) {
            case "getBundleId" -> 42L;
            case "getSymbolicName" -> "com.example.bound";
            case "getVersion" -> new Version("3.1.4.qualifier");
            case "getLocation" -> "file:/deploy/bound.jar";
            default -> null;
        });
        ServiceReference<?> reference = proxy(ServiceReference.class, (method, args) -> switch (method) {
            case "getBundle" -> bundle;
            case "getProperty" -> Constants.SERVICE_ID.equals(args[0]) ? 77L : null;
            default -> null;
        });
        catalog.bindProvider(FakeProvider.of("bound", "op"), reference);
        ConnectorEntry entry = settled(catalog, 42);
        assertEquals(
                new BundleInfo(42, "com.example.bound", "3.1.4.qualifier", "file:/deploy/bound.jar"), entry.bundle());
        assertEquals("3.1.4.qualifier", entry.version());

        catalog.unbindProvider(reference);
        assertTrue(catalog.snapshot().connectors().isEmpty());
    }

    @Test
    public void inFlightCounterCountsAcquiredCalls() {
        ConnectorEntry entry = register(1, bundle(10, "a", "1.0.0"), FakeProvider.of("count", "op"));
        ProviderRegistration registration = catalog.view().registration(entry);
        assertTrue(registration.inFlight().tryAcquire());
        assertTrue(registration.inFlight().tryAcquire());
        registration.inFlight().release();
        assertEquals(1, registration.inFlight().count());
        assertSame(entry, registration.entry());
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> type.getSimpleName() + " fake";
                    default -> answer.answer(method.getName(), args);
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
