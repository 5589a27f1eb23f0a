package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Version;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.internal.catalog.TestCatalogs;
import dev.switchboard.host.internal.testing.FakeProvider;

/** Where a call goes, on a catalog and without a dispatcher: the resolution is pure. */
public class CallResolverTest {

    private final TestCatalogs catalog = new TestCatalogs();
    private final List<String> waits = new ArrayList<>();

    @After
    public void tearDown() {
        catalog.close();
    }

    private static Invocation call(String id, String version, String op) {
        return new Invocation(id, version, op, ConnectionParameters.empty(), ServiceOperationRequest.of(null));
    }

    private CallTarget resolve(Invocation invocation, Version preferred) {
        return CallResolver.resolve(catalog.registry().view(), invocation, preferred, waits::add);
    }

    private InvocationException failure(Invocation invocation) {
        try {
            resolve(invocation, null);
        } catch (InvocationException e) {
            return e;
        }
        fail("expected " + invocation + " not to resolve");
        return null;
    }

    @Test
    public void withoutASpecTheHighestActiveVersionWithASpecTheHighestMatching() {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        catalog.add(FakeProvider.of("greeter", "hello"), "1.5.0");
        catalog.add(FakeProvider.of("greeter", "hello"), "2.0.0");
        assertEquals(
                "2.0.0", resolve(call("greeter", null, "hello"), null).entry().version());
        assertEquals(
                "1.5.0",
                resolve(call("greeter", "[1.0,2.0)", "hello"), null).entry().version());
        assertEquals(
                "1.0.0",
                resolve(call("greeter", "1.0.0", "hello"), null).entry().version());
        assertEquals(
                "Operation hello of connector greeter@2.0.0",
                resolve(call("greeter", " ", "hello"), null).label());
        assertTrue(waits.isEmpty());
    }

    @Test
    public void aPreferredVersionIsTakenWhenActiveElseTheCallGoesWhereItWouldHave() {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        catalog.add(FakeProvider.of("greeter", "hello"), "2.0.0");
        assertEquals(
                "1.0.0",
                resolve(call("greeter", null, "hello"), Version.parseVersion("1.0.0"))
                        .entry()
                        .version());
        assertEquals(
                "2.0.0",
                resolve(call("greeter", null, "hello"), Version.parseVersion("3.0.0"))
                        .entry()
                        .version());
    }

    @Test
    public void unknownConnectorVersionOrOperationAre404AndAMalformedSpec400() {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        catalog.add(FakeProvider.of("greeter", "hello"), "1.1.0");
        assertEquals("ConnectorNotFound", failure(call("nope", null, "hello")).code());
        InvocationException version = failure(call("greeter", "3.0", "hello"));
        assertEquals(404, version.status());
        assertEquals("VersionNotFound", version.code());
        assertTrue(version.getMessage(), version.getMessage().contains("available versions: 1.1.0, 1.0.0"));
        assertEquals("OperationNotFound", failure(call("greeter", null, "bye")).code());
        InvocationException malformed = failure(call("greeter", "[1.0,", "hello"));
        assertEquals(400, malformed.status());
        assertEquals("InvalidVersion", malformed.code());
    }

    @Test
    public void aTriggerCannotBeInvoked() {
        ServiceOperationApi api = ServiceOperationApi.builder("events").build();
        ServiceOperation trigger = ServiceOperation.builder(api, "onRow")
                .trigger(ServiceOperation.TRIGGER_SINGLE)
                .build();
        catalog.add(new FakeProvider(api, List.of(trigger)), "1.0.0");
        InvocationException e = failure(call("events", null, "onRow"));
        assertEquals(400, e.status());
        assertEquals("NotAnAction", e.code());
    }

    @Test
    public void inputsAreCheckedAgainstTheOperationsSchemaWithOneDetailPerField() {
        catalog.add(
                FakeProvider.of(
                        "sql",
                        "query:{'type':'object','required':['query'],"
                                + "'properties':{'query':{'type':'string'},'limit':{'type':'integer'}}}"),
                "1.0.0");
        Invocation bad = new Invocation(
                "sql",
                null,
                "query",
                ConnectionParameters.empty(),
                ServiceOperationRequest.of(FakeProvider.json("{'limit':'ten'}")));
        CallTarget target = resolve(bad, null);
        try {
            CallResolver.checkInputs(target, bad);
            fail("invalid inputs passed");
        } catch (InvocationException e) {
            assertEquals("InvalidInput", e.code());
            assertEquals(
                    List.of("/limit", "/query"),
                    e.details().stream().map(ErrorDetail::target).toList());
        }
        Invocation good = new Invocation(
                "sql",
                null,
                "query",
                ConnectionParameters.empty(),
                ServiceOperationRequest.of(FakeProvider.json("{'query':'select 1'}")));
        CallResolver.checkInputs(target, good); // no exception
    }

    @Test
    public void requiredConnectionParametersAreNamedButTheirValuesNeverShown() {
        ServiceOperationApi api = ServiceOperationApi.builder("db")
                .connectionParameter(
                        "server", ConnectionParameter.string("Server").required())
                .connectionParameter(
                        "password", ConnectionParameter.secureString("Password").required())
                .build();
        catalog.add(
                new FakeProvider(
                        api, List.of(ServiceOperation.builder(api, "ping").build())),
                "1.0.0");
        CallTarget target = resolve(call("db", null, "ping"), null);
        try {
            CallResolver.checkConnection(
                    target, ConnectionParameters.of(Map.of("password", "s3cret-value", "server", " ")));
            fail("a blank required parameter passed");
        } catch (InvocationException e) {
            assertEquals("MissingConnectionParameter", e.code());
            assertEquals(
                    List.of("server"),
                    e.details().stream().map(ErrorDetail::target).toList());
            assertFalse(e.getMessage().contains("s3cret-value"));
        }
        CallResolver.checkConnection(target, ConnectionParameters.of(Map.of("server", "db", "password", "x")));
    }

    @Test
    public void highestActiveSkipsVersionsThatAreNotActive() {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        var versions = catalog.registry().view().versionsOf("greeter");
        assertEquals("1.0.0", CallResolver.highestActive(versions, null).version());
        assertNull(CallResolver.highestActive(versions, "[2.0,3.0)"));
        assertNull(CallResolver.activeVersion(versions, Version.parseVersion("2.0.0")));
    }
}
