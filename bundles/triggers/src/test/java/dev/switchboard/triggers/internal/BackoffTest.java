package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class BackoffTest {

    @Test
    public void backoffDoublesUpToTheMaximum() {
        Backoff b = new Backoff(100, 1000);
        assertEquals(100, b.delayAfter(1));
        assertEquals(200, b.delayAfter(2));
        assertEquals(800, b.delayAfter(4));
        assertEquals(1000, b.delayAfter(5));
        assertEquals(1000, b.delayAfter(60));
    }
}
