package dev.switchboard.host.internal.connections;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.felix.utils.properties.TypedProperties;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DeployFolderConfigFilesTest {

    private static final String PORT_PROPERTY = "dev.switchboard.test.cfg.port";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final DeployFolderConfigFiles files = new DeployFolderConfigFiles(null);
    private Path deploy;

    @Before
    public void setUp() throws Exception {
        deploy = folder.newFolder("deploy").toPath();
        System.setProperty(PORT_PROPERTY, "5432");
    }

    @After
    public void tearDown() {
        System.clearProperty(PORT_PROPERTY);
    }

    @Test
    public void aChangedValueIsWrittenAndTheRestStaysAsTheAuthorWroteIt() throws Exception {
        Path file = cfg(
                "dev.switchboard.connection-filed.cfg",
                "# the author's comment\nconnector = greeter\n"
                        + "salutation = Hi\napiKey = $[secret:greeter-key]\nport = ${" + PORT_PROPERTY + "}\n");
        Map<String, Object> properties = stored(file);
        properties.put("connector", "greeter");
        properties.put("salutation", "Hello");
        properties.put("apiKey", "$[secret:greeter-key]");
        properties.put("port", "5432"); // what FileInstall substituted

        assertTrue(files.write(file, properties));

        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(text, text.startsWith("# the author's comment\n"));
        assertTrue(text, text.contains("salutation = Hello\n"));
        assertTrue(text, text.contains("apiKey = $[secret:greeter-key]\n"));
        assertTrue(
                "a substituted value that did not change keeps its ${...}: " + text,
                text.contains("port = ${" + PORT_PROPERTY + "}\n"));
        assertFalse(
                "ConfigAdmin's and FileInstall's own properties stay out: " + text,
                text.contains("service.") || text.contains("felix.fileinstall"));
        assertEquals(
                Map.of(
                        "connector",
                        "greeter",
                        "salutation",
                        "Hello",
                        "apiKey",
                        "$[secret:greeter-key]",
                        "port",
                        "5432"),
                read(file));
    }

    @Test
    public void aPropertyNoLongerInTheConfigurationLeavesTheFileAndANewOneIsAdded() throws Exception {
        Path file = cfg("x.cfg", "a = 1\nb = 2\n");
        Map<String, Object> properties = stored(file);
        properties.put("a", "1");
        properties.put("name", "x");

        files.write(file, properties);

        assertEquals(Map.of("a", "1", "name", "x"), read(file));
    }

    @Test
    public void aNonStringValueSwitchesTheFileToFileInstallsTypedFormatAndReadsBackTyped() throws Exception {
        Path file = cfg("x.cfg", "host = db\n");
        Map<String, Object> properties = stored(file);
        properties.put("host", "db");
        properties.put("port", 5432L);
        properties.put("ssl", Boolean.TRUE);

        files.write(file, properties);

        String text = Files.readString(file);
        assertTrue(text, text.contains("port = L\"5432\""));
        assertTrue(text, text.contains("ssl = B\"true\""));
        assertEquals(Map.of("host", "db", "port", 5432L, "ssl", Boolean.TRUE), read(file));
    }

    @Test
    public void theSameValuesAgainLeaveTheFileAlone() throws Exception {
        Path file = cfg("x.cfg", "a = 1\n");
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, written);
        Map<String, Object> properties = stored(file);
        properties.put("a", "1");

        assertFalse(files.write(file, properties));

        assertEquals(written, Files.getLastModifiedTime(file));
    }

    @Test
    public void theFileIsOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
        Path file = cfg("x.cfg", "a = 1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        files.write(file, Map.of("a", "2"));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var listing = Files.list(deploy)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    public void aReaderSeesTheOldContentOrTheNewNeverPartOfIt() throws Exception {
        Path file = cfg("x.cfg", "salutation = Hello-1\n");
        List<String> partial = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    String text = Files.readString(file);
                    if (!text.matches("salutation = Hello-\\d+\n")) {
                        partial.add("'" + text + "'");
                    }
                } catch (Exception e) {
                    partial.add(e.toString());
                }
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 300; i++) {
                files.write(file, Map.of("salutation", "Hello" + "-" + i));
            }
        } finally {
            writing.set(false);
            reader.join();
        }
        assertEquals(List.of(), partial);
    }

    @Test
    public void deleteRemovesTheFile() throws Exception {
        Path file = cfg("x.cfg", "a = 1\n");
        assertTrue(files.delete(file));
        assertFalse(Files.exists(file));
        assertFalse(files.delete(file));
    }

    @Test
    public void onlyCfgAndConfigFilesThatAreThereAreFileInstallsFiles() throws Exception {
        Path cfg = cfg("a.cfg", "a = 1\n");
        Path config = cfg("b.config", "a = \"1\"\n");
        Path json = cfg("c.cfg.json", "{}");
        assertEquals(Optional.of(cfg), DeployFolderConfigFiles.fileOf(stored(cfg)));
        assertEquals(Optional.of(config), DeployFolderConfigFiles.fileOf(stored(config)));
        assertEquals(Optional.empty(), DeployFolderConfigFiles.fileOf(stored(json)));
        assertEquals(Optional.empty(), DeployFolderConfigFiles.fileOf(stored(deploy.resolve("gone.cfg"))));
        assertEquals(Optional.empty(), DeployFolderConfigFiles.fileOf(Map.of("a", "1")));
        assertEquals(
                Optional.empty(),
                DeployFolderConfigFiles.fileOf(Map.of(DeployFolderConfigFiles.FILENAME_PROPERTY, "not a uri")));
    }

    private Path cfg(String name, String content) throws Exception {
        Path file = deploy.resolve(name);
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file;
    }

    /** What ConfigAdmin holds besides the values: FileInstall's marker and ConfigAdmin's own properties. */
    private static Map<String, Object> stored(Path file) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                DeployFolderConfigFiles.FILENAME_PROPERTY,
                file.toAbsolutePath().toUri().toString());
        properties.put("service.pid", "dev.switchboard.connection~filed");
        properties.put("service.factoryPid", "dev.switchboard.connection");
        return properties;
    }

    /** What FileInstall reads from the file: the same TypedProperties, with its substitution. */
    private static Map<String, Object> read(Path file) throws Exception {
        TypedProperties properties = new TypedProperties((name, key, value) -> System.getProperty(value));
        properties.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
        return Map.copyOf(properties);
    }
}
