package dev.switchboard.connector.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class BackoffTest {

    @Test
    public void theDelayDoublesWithEachFailureUpToTheCap() {
        Backoff backoff = new Backoff(1000, 5000);
        assertEquals(1000, backoff.delay(1));
        assertEquals(2000, backoff.delay(2));
        assertEquals(4000, backoff.delay(3));
        assertEquals(5000, backoff.delay(4));
        assertEquals(5000, backoff.delay(1_000_000));
    }

    @Test
    public void aCapBelowTheBaseIsTheBase() {
        Backoff backoff = new Backoff(2000, 500);
        assertEquals(2000, backoff.maxMs());
        assertEquals(2000, backoff.delay(7));
    }

    @Test
    public void noFailuresYetIsTheBase() {
        assertEquals(300, new Backoff(300, 60_000).delay(0));
    }

    @Test
    public void aBaseBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 1000));
    }
}
