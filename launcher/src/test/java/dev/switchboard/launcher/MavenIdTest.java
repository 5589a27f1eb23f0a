package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Test;

public final class MavenIdTest {
    private static final Path SYSTEM = Paths.get("system");

    @Test
    public void mapsToRepositoryLayout() {
        assertEquals(
                Paths.get("system/org/apache/felix/org.apache.felix.scr/2.2.18/org.apache.felix.scr-2.2.18.jar"),
                MavenId.parse("org.apache.felix:org.apache.felix.scr:2.2.18").pathIn(SYSTEM));
        assertEquals(
                Paths.get("system/dev/switchboard/host/1.1.0-SNAPSHOT/host-1.1.0-SNAPSHOT.jar"),
                MavenId.parse("dev.switchboard:host:1.1.0-SNAPSHOT").pathIn(SYSTEM));
        assertEquals(
                Paths.get("system/g/h/a/1/a-1.zip"),
                MavenId.parse("g.h:a:zip:1").pathIn(SYSTEM));
        assertEquals(
                Paths.get("system/g/a/1/a-1-tests.jar"),
                MavenId.parse("g:a:jar:tests:1").pathIn(SYSTEM));
    }

    @Test
    public void printsAndComparesAsWritten() {
        assertEquals("g:a:1", MavenId.parse(" g:a:1 ").toString());
        assertEquals("g:a:jar:tests:1", MavenId.parse("g:a:jar:tests:1").toString());
        assertEquals(MavenId.parse("g:a:1"), MavenId.parse("g:a:jar:1"));
        assertEquals("g:a:jar", MavenId.parse("g:a:9").versionlessKey());
    }

    @Test
    public void rejectsWhatIsNotAMavenId() {
        for (String id : new String[] {"g:a", "g::1", "a:b:c:d:e:f", "", "g:a:1:"}) {
            try {
                MavenId.parse(id);
                fail(id);
            } catch (IllegalArgumentException expected) {
                // fine
            }
        }
    }
}
