package dev.switchboard.cluster.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeIdentityTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aGeneratedIdIsKeptInTheHome() throws IOException {
        Path home = folder.getRoot().toPath();
        String id = NodeIdentity.id("", home);
        assertTrue(id, NodeIdentity.VALID_ID.matcher(id).matches());
        assertEquals(id, NodeIdentity.id(null, home));
        assertTrue(Files.isRegularFile(home.resolve("data/cluster/node.id")));
        assertNotEquals(id, NodeIdentity.id("", folder.newFolder().toPath()));
    }

    @Test
    public void theConfiguredIdWins() throws IOException {
        assertEquals("node-a", NodeIdentity.id(" node-a ", folder.getRoot().toPath()));
    }

    @Test(expected = IllegalArgumentException.class)
    public void anInvalidIdIsRefused() throws IOException {
        NodeIdentity.id("a b/c", folder.getRoot().toPath());
    }

    @Test
    public void theDatabaseIsNamedWithoutItsQuery() {
        assertEquals(
                "db:5432/sb", NodeIdentity.describe("jdbc:postgresql://db:5432/sb?password=secret&currentSchema=x"));
    }

    @Test
    public void theUrlDefaultsToTheHostAndPort() {
        assertEquals("http://n1:9000", NodeIdentity.url("http://n1:9000/", "8080"));
        assertTrue(NodeIdentity.url("", "8181").endsWith(":8181"));
    }
}
