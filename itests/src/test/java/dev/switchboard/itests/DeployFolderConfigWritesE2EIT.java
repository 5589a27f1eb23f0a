package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Test;

/**
 * A configuration that came from a deploy-folder file and is changed over the REST API: the host writes the file
 * itself, whole (a temporary file moved over it), so that FileInstall's scan, which reads the folder every 100 ms,
 * can never read it half-written or empty. FileInstall's own write-back truncated the file, then wrote it: a scan in
 * between applied the empty file, and the settings were gone from ConfigAdmin and from the file.
 */
public class DeployFolderConfigWritesE2EIT {

    private static final String FILE = "dev.switchboard.connection-filed.cfg";
    private static final String INVOKE = "/api/connectors/greeter/operations/greet/invoke";
    private static final int UPDATES = 40;

    private SwitchboardProcess host;

    @After
    public void tearDown() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void aFileBackedConnectionUpdatedRepeatedlyIsNeverSeenEmptyAndKeepsItsSettings() throws Exception {
        host = SwitchboardProcess.create("config-writes");
        Files.createDirectories(host.home().resolve("conf/secrets"));
        Files.writeString(host.home().resolve("conf/secrets/greeter-key"), "sk-config-writes");
        host.start();
        host.deploy("greeter-v1", "greeter.jar");
        Path file = host.deploy().resolve(FILE);
        host.deployText(
                "# kept: a comment of the file's author\nconnector = greeter\nsalutation = Hi\n"
                        + "apiKey = $[secret:greeter-key]\n",
                FILE);
        Await.until(
                "connection 'filed' usable",
                Duration.ofSeconds(30),
                () -> host.post(INVOKE, "{\"connection\":\"filed\",\"parameters\":{\"name\":\"Ada\"}}"),
                r -> r.statusCode() == 200);

        // what FileInstall's scan could see: every state of the file while it is being rewritten
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(
                () -> {
                    while (reading.get()) {
                        try {
                            String text = Files.readString(file);
                            reads.incrementAndGet();
                            if (!text.contains("connector") || !text.contains("salutation")) {
                                seen.add("'" + text + "'");
                            }
                        } catch (NoSuchFileException e) {
                            seen.add("(no file)");
                        } catch (IOException e) {
                            seen.add(e.toString());
                        }
                    }
                },
                "config-file-reader");
        reader.start();
        try {
            for (int i = 0; i < UPDATES; i++) {
                HttpResponse<String> updated = host.put(
                        "/api/connections/filed",
                        "{\"connector\":\"greeter\"," + "\"parameters\":{\"salutation\":\"Hello" + i
                                + "\",\"apiKey\":\"********\"}}");
                assertEquals(updated.body(), 200, updated.statusCode());
            }
            Thread.sleep(500); // FileInstall scans a few more times
        } finally {
            reading.set(false);
            reader.join();
        }
        System.out.println("[test] " + reads.get() + " reads of " + FILE + " during " + UPDATES + " updates");
        assertTrue(
                "the file was seen without its settings " + seen.size() + " times, e.g. "
                        + seen.subList(0, Math.min(3, seen.size())),
                seen.isEmpty());

        String last = "Hello" + (UPDATES - 1);
        String text = Files.readString(file);
        assertTrue(text, text.matches("(?s).*salutation\\s*=\\s*" + last + "\\s.*") && text.contains("greeter"));
        assertTrue("the reference stays as written: " + text, text.contains("$[secret:greeter-key]"));
        assertTrue("the comment is kept: " + text, text.contains("# kept: a comment of the file's author"));
        assertEquals("owner-only", "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        JsonNode connection = SwitchboardProcess.json(host.get("/api/connections/filed"));
        assertEquals(
                connection.toString(),
                last,
                connection.at("/parameters/salutation").asText());
        assertTrue(connection.toString(), connection.path("problem").isMissingNode());
        HttpResponse<String> invoked =
                host.post(INVOKE, "{\"connection\":\"filed\",\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(invoked.body(), 200, invoked.statusCode());
        assertEquals(
                last + ", Ada!",
                SwitchboardProcess.json(invoked).at("/body/message").asText());
        try (var listing = Files.list(host.deploy())) {
            List<String> leftovers = listing.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(FILE) && !n.equals("greeter.jar"))
                    .toList();
            assertTrue("no temporary file left in the deploy folder: " + leftovers, leftovers.isEmpty());
        }

        // a DELETE over the API deletes the file, at once
        assertEquals(204, host.delete("/api/connections/filed").statusCode());
        assertFalse("the file is deleted when the DELETE answers", Files.exists(file));
        Thread.sleep(500);
        assertEquals(404, host.get("/api/connections/filed").statusCode());
        assertFalse(Files.exists(file));
    }
}
