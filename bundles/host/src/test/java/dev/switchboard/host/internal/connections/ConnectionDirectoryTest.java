package dev.switchboard.host.internal.connections;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.NamedConnection;

public class ConnectionDirectoryTest {

    private static final String SECRET = "top-secret-4711";
    private static final String ENV_VALUE = "Howdy-from-env";

    private final InMemoryConfigurations configurations = new InMemoryConfigurations();
    private final Map<String, ServiceOperationApi> installed = new HashMap<>();
    private ConnectionDirectory directory;
    private PrintStream originalErr;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Before
    public void setUp() {
        installed.put(
                "greeter",
                ServiceOperationApi.builder("greeter")
                        .connectionParameter(
                                "salutation",
                                ConnectionParameter.string("Salutation").required())
                        .connectionParameter("apiKey", ConnectionParameter.secureString("API key"))
                        .connectionParameter("port", ConnectionParameter.integer("Port"))
                        .connectionParameter("tls", ConnectionParameter.bool("TLS"))
                        .build());
        installed.put("other", ServiceOperationApi.builder("other").build());
        directory = new ConnectionDirectory(
                configurations,
                () -> new CatalogSnapshot(
                        1,
                        installed.values().stream()
                                .map(service -> new ConnectorEntry(
                                        service.name(),
                                        "1.0.0",
                                        ConnectorState.ACTIVE,
                                        null,
                                        service,
                                        List.of(),
                                        new BundleInfo(1, "b", "1.0.0", "file:b.jar")))
                                .toList()),
                configurations.cipher,
                200,
                Runnable::run,
                configurations.references());
        configurations.target = directory;
        configurations.env.put("GREETING", ENV_VALUE);
        configurations.secrets.put("greeter-key", SECRET);
        // slf4j-simple writes to the System.err of the moment: every log line of the test lands in `log` too
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, log), true, StandardCharsets.UTF_8));
    }

    @After
    public void tearDown() {
        System.setErr(originalErr);
        String logged = log.toString(StandardCharsets.UTF_8);
        assertFalse("a secret was logged:\n" + logged, logged.contains(SECRET));
        assertFalse("an interpolated value was logged:\n" + logged, logged.contains(ENV_VALUE));
    }

    @Test
    public void referencesAreStoredAsWrittenAndResolvedForUse() {
        NamedConnection stored = directory.put(
                "prod",
                "greeter",
                params("salutation", "Hi", "apiKey", "$[secret:greeter-key]", "port", 8443, "tls", true));
        assertEquals("Hi", stored.parameters().get("salutation"));
        assertEquals(NamedConnection.MASK, stored.parameters().get("apiKey"));
        assertEquals(8443L, stored.parameters().get("port"));
        assertNull(stored.problem());
        assertEquals(
                "$[secret:greeter-key]",
                configurations.stored.get("dev.switchboard.connection~prod").get("apiKey"));

        ConnectionParameters resolved = directory.resolve("prod", "greeter");
        assertEquals("Hi", resolved.getString("salutation"));
        assertEquals(SECRET, resolved.getString("apiKey"));
        assertEquals(8443L, resolved.get("port").longValue());
        assertTrue(resolved.get("tls").booleanValue());

        directory.put("env", "greeter", params("salutation", "Hi", "apiKey", "$[env:GREETING]"));
        assertEquals(
                "$[env:GREETING]",
                configurations.stored.get("dev.switchboard.connection~env").get("apiKey"));
        assertEquals(ENV_VALUE, directory.resolve("env", "greeter").getString("apiKey"));
    }

    @Test
    public void aReferenceInAPlainParameterIsRefusedWhenStored() {
        for (Object[] attempt : new Object[][] {
            {"salutation", "$[env:GREETING]"},
            {"salutation", "x $[secret:greeter-key]"},
            {"port", "$[env:GREETING]"},
            {"tls", "$[prop:user.home]"},
            {"salutation", configurations.cipher.encrypt(SECRET)}
        }) {
            Map<String, Object> given = params("salutation", "Hi");
            given.put((String) attempt[0], attempt[1]);
            InvocationException e = refused(() -> directory.put("leak", "greeter", given));
            assertEquals(400, e.status());
            assertEquals("InvalidConnectionParameter", e.code());
            assertEquals(attempt[0], e.details().get(0).target());
            assertTrue(e.getMessage(), e.getMessage().contains("only for securestring parameters"));
            assertFalse(e.getMessage().contains(ENV_VALUE));
        }
        assertTrue(directory.get("leak").isEmpty());
    }

    @Test
    public void aReferenceInAPlainParameterOfAFileIsNeverResolvedForUse() {
        configurations.fromFile(
                "leak",
                "dev.switchboard.connection-leak.cfg",
                params("connector", "greeter", "salutation", "$[env:GREETING]"));
        NamedConnection listed = directory.get("leak").orElseThrow();
        assertEquals(
                "shown as written, never resolved",
                "$[env:GREETING]",
                listed.parameters().get("salutation"));
        assertTrue(
                listed.problem(),
                listed.problem().contains("'salutation'") && listed.problem().contains("only for securestring"));
        InvocationException e = refused(() -> directory.resolve("leak", "greeter"));
        assertEquals(400, e.status());
        assertEquals("InvalidConnection", e.code());
        assertFalse(e.getMessage(), e.getMessage().contains(ENV_VALUE));
        assertFalse(e.details().toString().contains(ENV_VALUE));
    }

    @Test
    public void aLiteralSecretIsStoredEncryptedAndDeliveredInClear() {
        directory.put("lit", "greeter", params("salutation", "Hi", "apiKey", SECRET));
        Object stored =
                configurations.stored.get("dev.switchboard.connection~lit").get("apiKey");
        assertTrue(String.valueOf(stored).startsWith("{aes-gcm}"));
        assertFalse(String.valueOf(stored).contains(SECRET));
        assertEquals(
                "plain parameters stay readable",
                "Hi",
                configurations.stored.get("dev.switchboard.connection~lit").get("salutation"));
        assertEquals(SECRET, directory.resolve("lit", "greeter").getString("apiKey"));

        // the mask keeps the encrypted value as it is
        directory.put("lit", "greeter", params("salutation", "Hello", "apiKey", NamedConnection.MASK));
        assertEquals(
                stored,
                configurations.stored.get("dev.switchboard.connection~lit").get("apiKey"));
        assertEquals(SECRET, directory.resolve("lit", "greeter").getString("apiKey"));
    }

    @Test
    public void aFileWithALiteralSecretIsEncryptedInPlaceAndKeepsWorking() {
        configurations.fromFile(
                "dropped",
                "dev.switchboard.connection-dropped.cfg",
                params("connector", "greeter", "salutation", "Hi", "apikey", SECRET));
        Map<String, Object> stored = configurations.stored.get("dev.switchboard.connection~dropped");
        assertTrue(String.valueOf(stored.get("apikey")).startsWith("{aes-gcm}"));
        assertEquals(
                "FileInstall's own property is kept, so it writes the file back",
                "file:/home/deploy/dev.switchboard.connection-dropped.cfg",
                stored.get("felix.fileinstall.filename"));
        assertEquals("Hi", stored.get("salutation"));
        assertEquals(SECRET, directory.resolve("dropped", "greeter").getString("apiKey"));
        assertNull(directory.get("dropped").orElseThrow().problem());
    }

    @Test
    public void aLiteralSecretOfAConnectorInstalledLaterIsEncryptedWhenItComes() {
        ServiceOperationApi greeter = installed.remove("greeter");
        configurations.fromFile(
                "early",
                "dev.switchboard.connection-early.cfg",
                params("connector", "greeter", "salutation", "Hi", "apiKey", SECRET));
        assertEquals(
                "which parameters are secrets is not known yet",
                SECRET,
                configurations.stored.get("dev.switchboard.connection~early").get("apiKey"));
        installed.put("greeter", greeter);
        directory.sealAll();
        assertTrue(String.valueOf(configurations
                        .stored
                        .get("dev.switchboard.connection~early")
                        .get("apiKey"))
                .startsWith("{aes-gcm}"));
        assertEquals(SECRET, directory.resolve("early", "greeter").getString("apiKey"));
    }

    @Test
    public void aSecretEncryptedWithAnotherKeyIsReportedNotPassedOn() {
        configurations.fromFile(
                "foreign",
                "dev.switchboard.connection-foreign.cfg",
                params(
                        "connector",
                        "greeter",
                        "salutation",
                        "Hi",
                        "apiKey",
                        "{aes-gcm}"
                                + java.util.Base64.getEncoder()
                                        .encodeToString("other key".getBytes(StandardCharsets.UTF_8))));
        InvocationException e = refused(() -> directory.resolve("foreign", "greeter"));
        assertEquals("InvalidConnection", e.code());
        assertTrue(
                e.getMessage(),
                e.getMessage().contains("'apiKey'") && e.getMessage().contains("key"));
    }

    @Test
    public void aSecretIsNeverReturned() {
        directory.put("literal", "greeter", params("salutation", "Hi", "apiKey", SECRET));
        for (NamedConnection c : directory.list()) {
            assertFalse(c.toString(), c.parameters().containsValue(SECRET));
            assertFalse(c.toString().contains(SECRET));
        }
        assertEquals(
                NamedConnection.MASK,
                directory.get("literal").orElseThrow().parameters().get("apikey"));
    }

    @Test
    public void theMaskKeepsTheStoredSecret() {
        directory.put("prod", "greeter", params("salutation", "Hi", "apiKey", "$[secret:greeter-key]"));
        directory.put("prod", "greeter", params("salutation", "Hello", "apiKey", NamedConnection.MASK));
        assertEquals(
                "$[secret:greeter-key]",
                configurations.stored.get("dev.switchboard.connection~prod").get("apiKey"));
        assertEquals("Hello", directory.resolve("prod", "greeter").getString("salutation"));
        assertEquals(SECRET, directory.resolve("prod", "greeter").getString("apiKey"));
    }

    @Test
    public void theMaskWithNothingStoredIsRefused() {
        InvocationException e = refused(
                () -> directory.put("new", "greeter", params("salutation", "Hi", "apiKey", NamedConnection.MASK)));
        assertEquals("apiKey", e.details().get(0).target());
    }

    @Test
    public void leavingASecretOutRemovesIt() {
        directory.put("prod", "greeter", params("salutation", "Hi", "apiKey", SECRET));
        directory.put("prod", "greeter", params("salutation", "Hi"));
        assertFalse(directory.resolve("prod", "greeter").contains("apiKey"));
    }

    @Test
    public void aMissingRequiredParameterIsNamed() {
        InvocationException e = refused(() -> directory.put("c", "greeter", params("apiKey", SECRET)));
        assertEquals("MissingConnectionParameter", e.code());
        assertEquals("salutation", e.details().get(0).target());
        assertTrue(e.getMessage(), e.getMessage().contains("'salutation'"));
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    public void anUnknownParameterIsRefused() {
        InvocationException e =
                refused(() -> directory.put("c", "greeter", params("salutation", "Hi", "passwrd", SECRET)));
        assertEquals("UnknownConnectionParameter", e.code());
        assertEquals("passwrd", e.details().get(0).target());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    public void wrongTypesAreRefusedWithoutTheValue() {
        InvocationException e = refused(() -> directory.put(
                "c", "greeter", params("salutation", 5, "port", "eighty", "tls", "yes", "apiKey", 12345)));
        assertEquals(400, e.status());
        assertEquals("InvalidConnectionParameter", e.code());
        assertEquals(4, e.details().size());
        assertFalse(e.getMessage(), e.getMessage().contains("eighty"));
        assertFalse(e.getMessage(), e.getMessage().contains("12345"));
        // strings that hold the right type, and references, are fine
        directory.put(
                "c",
                "greeter",
                params("salutation", "Hi", "port", "80", "tls", "false", "apiKey", "$[secret:greeter-key]"));
        assertEquals(80L, directory.resolve("c", "greeter").get("port").longValue());
    }

    @Test
    public void namesAreChecked() {
        for (String bad : new String[] {"", "a b", "../x", "x".repeat(65), "ä", "a/b"}) {
            assertEquals(
                    bad,
                    "InvalidConnectionName",
                    refused(() -> directory.put(bad, "greeter", params("salutation", "Hi")))
                            .code());
        }
        directory.put("A-z_0.9", "greeter", params("salutation", "Hi"));
    }

    @Test
    public void aConnectorThatIsNotInstalledIsRefused() {
        InvocationException e = refused(() -> directory.put("c", "nobody", params("salutation", "Hi")));
        assertEquals("ConnectorNotInstalled", e.code());
    }

    @Test
    public void resolveSaysWhatIsWrong() {
        directory.put("g", "greeter", params("salutation", "Hi"));
        assertEquals(404, refused(() -> directory.resolve("nope", "greeter")).status());
        InvocationException mismatch = refused(() -> directory.resolve("g", "other"));
        assertEquals("ConnectionMismatch", mismatch.code());
        assertEquals(400, mismatch.status());
    }

    @Test
    public void aFileConnectionIsListedWithItsProblem() {
        configurations.fromFile(
                "dropped",
                "dev.switchboard.connection-dropped.cfg",
                params("connector", "greeter", "salutation", "Hi", "apiKey", "$[secret:missing-file]"));
        configurations.fromFile(
                "orphan", "dev.switchboard.connection-orphan.cfg", params("connector", "gone", "salutation", "Hi"));
        NamedConnection dropped = directory.get("dropped").orElseThrow();
        assertEquals("dev.switchboard.connection-dropped.cfg", dropped.file());
        assertTrue(dropped.problem(), dropped.problem().contains("'apiKey'"));
        assertTrue(dropped.problem(), dropped.problem().contains("could not be resolved"));
        InvocationException e = refused(() -> directory.resolve("dropped", "greeter"));
        assertEquals("InvalidConnection", e.code());
        assertTrue(directory.get("orphan").orElseThrow().problem().contains("not installed"));
        assertEquals(
                List.of("dropped", "orphan"),
                directory.list().stream().map(NamedConnection::name).toList());
    }

    @Test
    public void aMissingSecretFileIsNamedWithWhereItIsLookedFor() {
        directory.put("late", "greeter", params("salutation", "Hi", "apiKey", "$[secret:later]"));
        InvocationException e = refused(() -> directory.resolve("late", "greeter"));
        assertEquals("InvalidConnection", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("'apiKey'"));
        assertTrue(e.getMessage(), e.getMessage().contains("secret file 'later' does not exist"));
        assertTrue(e.getMessage(), e.getMessage().contains("(looked for at conf/secrets/later)"));
        assertTrue(e.getMessage(), e.getMessage().contains("no restart needed"));
        String problem = directory.get("late").orElseThrow().problem();
        assertTrue(problem, problem.contains("secret file 'later'"));
    }

    @Test
    public void aSecretFileCreatedLaterIsUsedAtTheNextCallWithoutARestart() {
        directory.put("late", "greeter", params("salutation", "Hi", "apiKey", "$[secret:later]"));
        refused(() -> directory.resolve("late", "greeter"));
        configurations.secrets.put("later", SECRET);
        ConnectionParameters resolved = directory.resolve("late", "greeter");
        assertEquals(SECRET, resolved.get("apiKey").asText());
        assertNull(directory.get("late").orElseThrow().problem());
        assertEquals(
                "still stored as the reference",
                "$[secret:later]",
                configurations.stored.get("dev.switchboard.connection~late").get("apiKey"));
    }

    @Test
    public void aFileConnectionWhoseSecretAppearsLaterWorksToo() {
        configurations.fromFile(
                "dropped",
                "dev.switchboard.connection-dropped.cfg",
                params("connector", "greeter", "salutation", "Hi", "apiKey", "$[secret:dropped-key]"));
        refused(() -> directory.resolve("dropped", "greeter"));
        configurations.secrets.put("dropped-key", SECRET);
        assertTrue(directory.get("dropped").orElseThrow().problem().contains("read at the connection's next use"));
        assertEquals(
                SECRET, directory.resolve("dropped", "greeter").get("apiKey").asText());
        assertEquals(
                "file:/home/deploy/dev.switchboard.connection-dropped.cfg",
                configurations.stored.get("dev.switchboard.connection~dropped").get("felix.fileinstall.filename"));
    }

    @Test
    public void whileTheSecretFileIsMissingUsingTheConnectionWritesNothing() {
        directory.put("late", "greeter", params("salutation", "Hi", "apiKey", "$[secret:later]"));
        int before = configurations.updates;
        for (int i = 0; i < 5; i++) {
            refused(() -> directory.resolve("late", "greeter"));
        }
        assertEquals(before, configurations.updates);
    }

    @Test
    public void aMissingEnvironmentVariableIsNamedAndTheHostMustStartWithIt() {
        directory.put("env", "greeter", params("salutation", "Hi", "apiKey", "$[env:NOT_SET_ANYWHERE]"));
        InvocationException e = refused(() -> directory.resolve("env", "greeter"));
        assertTrue(e.getMessage(), e.getMessage().contains("environment variable 'NOT_SET_ANYWHERE' is not set"));
        assertTrue(e.getMessage(), e.getMessage().contains("start the host with NOT_SET_ANYWHERE set"));
    }

    @Test
    public void onlyTheMissingReferenceIsNamedNeverAValue() {
        directory.put("mixed", "greeter", params("salutation", "Hi", "apiKey", "$[env:GREETING]-$[secret:absent]"));
        InvocationException e = refused(() -> directory.resolve("mixed", "greeter"));
        assertTrue(e.getMessage(), e.getMessage().contains("secret file 'absent'"));
        assertFalse(e.getMessage(), e.getMessage().contains("GREETING"));
        assertFalse(e.getMessage(), e.getMessage().contains(ENV_VALUE));
    }

    @Test
    public void deleteRemovesIt() {
        directory.put("g", "greeter", params("salutation", "Hi"));
        assertTrue(directory.delete("g"));
        assertFalse(directory.delete("g"));
        assertEquals(404, refused(() -> directory.resolve("g", "greeter")).status());
    }

    private static InvocationException refused(Runnable call) {
        try {
            call.run();
        } catch (InvocationException e) {
            return e;
        }
        fail("expected an InvocationException");
        return null;
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
