package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class ReadinessProbeTest {

    @Test
    public void aNotReadyAnswerIsReportedWithWhatTheHostWaitsFor() {
        assertEquals(
                ", waiting for: Deploy folder settled: waiting for greeter.jar (PENDING); Disk space: CRITICAL",
                ReadinessProbe.waitingFor("{\"status\":\"DOWN\",\"waitingFor\":[\"Deploy folder settled: waiting for "
                        + "greeter.jar (PENDING)\",\"Disk space: CRITICAL\"]}"));
        assertEquals("", ReadinessProbe.waitingFor("<html>not found</html>"));
        assertEquals("", ReadinessProbe.waitingFor("{\"status\":\"UP\"}"));
    }
}
