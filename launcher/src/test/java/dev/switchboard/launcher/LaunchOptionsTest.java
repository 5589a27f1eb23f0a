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

    @Test(expected = IllegalArgumentException.class)
    public void rejectsUnknownOptions() {
        LaunchOptions.parse("--sheel");
    }

    @Test
    public void homeDefaultsUnderTheWorkingDirectory() {
        assertEquals(Paths.get("/work/dir/.switchboard"), SwitchboardHome.of(null, Paths.get("/work/dir")).root());
        assertEquals(Paths.get("/work/h"), SwitchboardHome.of("../h", Paths.get("/work/dir")).root());
        assertEquals(Paths.get("/abs"), SwitchboardHome.of("/abs", Paths.get("/work/dir")).root());
    }
}
