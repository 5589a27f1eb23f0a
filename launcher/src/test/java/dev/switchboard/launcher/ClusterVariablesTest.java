package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

public class ClusterVariablesTest {

    private static final Path HOME = Path.of("/srv/sb");
    private static final Path CWD = Path.of("/work");

    @Test
    public void withoutTheUrlTheNodeIsStandalone() {
        Map<String, String> values = ClusterVariables.of(Map.of(), HOME, CWD);
        assertEquals("false", values.get("switchboard.cluster"));
        assertEquals("/srv/sb/conf/encryption.key", values.get("switchboard.crypto.key.file"));
        assertEquals("$[env:SWITCHBOARD_CLUSTER_PASSWORD;default=]", values.get("switchboard.cluster.password"));
    }

    @Test
    public void theUrlTurnsClusterModeOn() {
        Map<String, String> values = ClusterVariables.of(
                Map.of(
                        "SWITCHBOARD_CLUSTER_URL",
                        "jdbc:postgresql://db/sb",
                        "SWITCHBOARD_ENCRYPTION_KEY_FILE",
                        "k/key"),
                HOME,
                CWD);
        assertEquals("true", values.get("switchboard.cluster"));
        assertEquals("/work/k/key", values.get("switchboard.crypto.key.file"));
    }

    @Test
    public void aPasswordReferenceIsPassedOnAndAPlainPasswordIsNot() {
        assertEquals(
                "$[secret:cluster-password]",
                ClusterVariables.of(Map.of("SWITCHBOARD_CLUSTER_PASSWORD", "$[secret:cluster-password]"), HOME, CWD)
                        .get("switchboard.cluster.password"));
        assertEquals(
                "$[env:SWITCHBOARD_CLUSTER_PASSWORD;default=]",
                ClusterVariables.of(Map.of("SWITCHBOARD_CLUSTER_PASSWORD", "s3cret"), HOME, CWD)
                        .get("switchboard.cluster.password"));
    }
}
