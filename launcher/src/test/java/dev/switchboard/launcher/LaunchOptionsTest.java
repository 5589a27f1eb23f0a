package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.util.List;

import org.junit.Test;

public final class LaunchOptionsTest {

    @Test
    public void parsesOptions() {
        LaunchOptions options = LaunchOptions.parse("--shell", "--feature", "core", "--feature=http.json");
        assertTrue(options.shell());
        assertEquals(List.of("core", "http.json"), options.features());
        assertFalse(LaunchOptions.parse().shell());
        assertTrue(LaunchOptions.parse().features().isEmpty());
    }

    @Test
    public void watchIsRepeatableAndNeedsAFolder() {
        assertEquals(
                List.of("a/target", "/b/target"),
                LaunchOptions.parse("--watch", "a/target", "--watch=/b/target").watch());
        assertTrue(LaunchOptions.parse().watch().isEmpty());
        for (String[] wrong : new String[][] {{"--watch"}, {"--watch="}, {"--watch", " "}}) {
            try {
                LaunchOptions.parse(wrong);
                org.junit.Assert.fail("accepted " + List.of(wrong));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("--watch needs a folder"));
            }
        }
    }

    @Test
    public void debugIsTheScriptsOptionAndTheLauncherSaysWhatToDoInstead() {
        for (String debug : List.of("--debug", "--debug=5006")) {
            try {
                LaunchOptions.parse(debug);
                org.junit.Assert.fail("accepted " + debug);
            } catch (IllegalArgumentException e) {
                assertTrue(
                        e.getMessage(),
                        e.getMessage().contains("./switchboard")
                                && e.getMessage()
                                        .contains("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,"
                                                + "address=127.0.0.1:5005"));
            }
        }
    }

    @Test
    public void theUsageNamesWatchAndDebug() {
        assertTrue(LaunchOptions.USAGE.contains("--watch <folder>"));
        assertTrue(LaunchOptions.USAGE.contains("--debug[=port]"));
        assertTrue(LaunchOptions.USAGE.contains("SWITCHBOARD_WATCH"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsUnknownOptions() {
        LaunchOptions.parse("--sheel");
    }

    @Test
    public void homeDefaultsUnderTheWorkingDirectory() {
        assertEquals(
                Paths.get("/work/dir/.switchboard"),
                SwitchboardHome.of(null, Paths.get("/work/dir")).root());
        assertEquals(
                Paths.get("/work/h"),
                SwitchboardHome.of("../h", Paths.get("/work/dir")).root());
        assertEquals(
                Paths.get("/abs"),
                SwitchboardHome.of("/abs", Paths.get("/work/dir")).root());
    }
}
