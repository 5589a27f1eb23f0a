package dev.switchboard.host.internal.connections;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

public class StoredConnectionTest {

    @Test
    public void aNamedFactoryConfigurationIsNamedAfterItsPid() {
        StoredConnection stored =
                new StoredConnection("dev.switchboard.connection~crm", Map.of("name", "other", "connector", "http"));
        assertTrue(stored.named());
        assertEquals("crm", stored.name());
        assertEquals("http", stored.connector());
    }

    @Test
    public void anUnnamedOneIsNamedByItsNamePropertyElseItsPid() {
        assertEquals("crm", new StoredConnection("dev.switchboard.connection.1234", Map.of("name", "crm")).name());
        StoredConnection anonymous = new StoredConnection("dev.switchboard.connection.1234", Map.of());
        assertFalse(anonymous.named());
        assertEquals("dev.switchboard.connection.1234", anonymous.name());
        assertNull(anonymous.connector());
        assertNull(anonymous.file());
    }

    @Test
    public void theFileIsShownByItsNameOnly() {
        StoredConnection fromFile = new StoredConnection(
                "dev.switchboard.connection~crm",
                Map.of(
                        DeployFolderConfigFiles.FILENAME_PROPERTY,
                        "file:/srv/deploy/dev.switchboard.connection-crm.cfg"));
        assertEquals("dev.switchboard.connection-crm.cfg", fromFile.file());
    }

    @Test
    public void itsTextNeverShowsValues() {
        assertEquals("StoredConnection[p]", new StoredConnection("p", Map.of("apiKey", "s3cret")).toString());
    }
}
