package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;

import java.time.Duration;

import org.junit.Test;

public class ReadinessProbeTest {

    @Test
    public void aStartIsPolledQuicklyAtFirstThenLessOften() {
        assertEquals(Duration.ofMillis(50), ReadinessProbe.interval(0));
        assertEquals(
                Duration.ofMillis(50),
                ReadinessProbe.interval(Duration.ofMillis(4_900).toNanos()));
        assertEquals(
                Duration.ofMillis(250),
                ReadinessProbe.interval(Duration.ofSeconds(5).toNanos()));
        assertEquals(
                Duration.ofMillis(250),
                ReadinessProbe.interval(Duration.ofMinutes(3).toNanos()));
    }

    @Test
    public void theChecksStillWaitedForAreNamed() {
        assertEquals(
                ", waiting for: Deploy folder settled; Bundles started",
                ReadinessProbe.waitingFor("{\"waitingFor\":[\"Deploy folder settled\",\"Bundles started\"]}"));
        assertEquals("", ReadinessProbe.waitingFor("not json"));
    }
}
