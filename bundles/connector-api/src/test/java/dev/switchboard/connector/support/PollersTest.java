package dev.switchboard.connector.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class PollersTest {

    /** Records what is started and closed; polls nothing. */
    private static final class RecordingScheduler implements PollScheduler {
        final List<String> names = new ArrayList<>();
        final List<Handle> handles = new ArrayList<>();

        @Override
        public Polling start(String name, Poll poll) {
            names.add(name);
            Handle handle = new Handle();
            handles.add(handle);
            return handle;
        }
    }

    private static final class Handle implements Polling {
        int closes;

        @Override
        public void close() {
            closes++;
        }

        @Override
        public boolean isClosed() {
            return closes > 0;
        }
    }

    @Test
    public void closingOneSubscriptionForgetsItAndClosesItOnTheScheduler() {
        RecordingScheduler scheduler = new RecordingScheduler();
        Pollers pollers = new Pollers(scheduler);
        Polling a = pollers.start("a", () -> 10);
        pollers.start("b", () -> 10);
        assertEquals(2, pollers.running());
        assertEquals(List.of("a", "b"), scheduler.names);
        assertFalse(a.isClosed());
        a.close();
        assertTrue(a.isClosed());
        assertEquals(1, pollers.running());
        assertEquals(1, scheduler.handles.get(0).closes);
        assertEquals(0, scheduler.handles.get(1).closes);
    }

    @Test
    public void closeAllClosesEverySubscriptionOnce() {
        RecordingScheduler scheduler = new RecordingScheduler();
        Pollers pollers = new Pollers(scheduler);
        Polling a = pollers.start("a", () -> 10);
        pollers.start("b", () -> 10);
        a.close();
        pollers.closeAll();
        assertEquals(0, pollers.running());
        assertEquals(1, scheduler.handles.get(0).closes);
        assertEquals(1, scheduler.handles.get(1).closes);
    }

    @Test
    public void aSchedulerThatRefusesLeavesNothingRunning() {
        Pollers pollers = new Pollers(new PollScheduler() {
            @Override
            public Polling start(String name, Poll poll) {
                throw new IllegalStateException("stopping");
            }
        });
        try {
            pollers.start("a", () -> 10);
        } catch (IllegalStateException expected) {
            assertEquals(0, pollers.running());
            return;
        }
        throw new AssertionError("the refusal was swallowed");
    }
}
