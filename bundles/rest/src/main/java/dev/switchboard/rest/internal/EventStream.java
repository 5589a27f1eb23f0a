package dev.switchboard.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.triggers.api.EventListener;

/**
 * One client of {@code GET /api/subscriptions/{id}/events}, served with Servlet async and non-blocking output: it holds
 * no thread while it waits or while the client is slow. Batches are queued (at most {@link #MAX_QUEUED}; beyond that it
 * refuses them, and they stay pending in the store) and written whenever the connection can take them. It ends when
 * the subscription is deleted ({@link #closed}: an {@code end} event, then the response completes), when a write fails
 * or the client goes away (the heartbeat comments make that show within one interval), or when the host stops.
 */
final class EventStream implements EventListener, WriteListener, AsyncListener {

    static final int MAX_QUEUED = 256;
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final String subscriptionId;
    private final ObjectMapper mapper;
    private final Consumer<EventStream> onEnd;
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private AsyncContext async;
    private ServletOutputStream out;
    private AutoCloseable registration;
    private boolean unflushed;
    private boolean closing;
    private boolean ended;

    /** @param onEnd told once when the stream is over, whatever ended it */
    EventStream(String subscriptionId, ObjectMapper mapper, Consumer<EventStream> onEnd) {
        this.subscriptionId = subscriptionId;
        this.mapper = mapper;
        this.onEnd = onEnd;
    }

    /** The registration to close when the stream ends; closed at once when it already has. */
    void registration(AutoCloseable registration) {
        boolean over;
        synchronized (this) {
            this.registration = registration;
            over = ended;
        }
        if (over) {
            closeQuietly(registration);
        }
    }

    /** Starts writing on the request's async context (after the response's status and headers are set). */
    void start(AsyncContext context) throws IOException {
        ServletOutputStream stream = context.getResponse().getOutputStream();
        synchronized (this) {
            this.async = context;
            context.addListener(this);
            queue.addFirst((": subscribed to " + subscriptionId + "\n\n").getBytes(StandardCharsets.UTF_8));
            this.out = stream;
        }
        // the container calls onWritePossible as soon as the stream can be written
        stream.setWriteListener(this);
    }

    @Override
    public boolean onBatch(long sequence, JsonNode batch) {
        byte[] event;
        try {
            event = ("id: " + sequence + "\nevent: batch\ndata: " + mapper.writeValueAsString(batch) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            return false;
        }
        synchronized (this) {
            if (ended || closing || queue.size() >= MAX_QUEUED) {
                return false;
            }
            queue.add(event);
            drain();
            return true;
        }
    }

    /** The subscription is gone (or the host stops): an {@code end} event, then the response completes. */
    @Override
    public void closed(String reason) {
        synchronized (this) {
            if (ended || closing) {
                return;
            }
            closing = true;
            queue.add(("event: end\ndata: " + mapper.createObjectNode().put("reason", reason) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            drain();
        }
    }

    /** A comment line: keeps proxies from closing an idle stream, and makes a write fail once the client is gone. */
    void heartbeat() {
        synchronized (this) {
            if (!ended && !closing && queue.isEmpty()) {
                queue.add(HEARTBEAT);
                drain();
            }
        }
    }

    @Override
    public void onWritePossible() {
        synchronized (this) {
            drain();
        }
    }

    /** Writes what is queued while the connection takes it; called holding this lock. */
    private void drain() {
        if (out == null || ended) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next != null) {
                    out.write(next);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    if (closing) {
                        end(true);
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Event stream of subscription {}: the client went away ({})", subscriptionId, e.toString());
            end(true);
        }
    }

    @Override
    public void onError(Throwable error) {
        LOG.debug("Event stream of subscription {} failed: {}", subscriptionId, error.toString());
        synchronized (this) {
            end(true);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            end(false);
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        synchronized (this) {
            end(true);
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        synchronized (this) {
            end(true);
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }

    /** Ends the stream once: unregisters it, and completes the response unless the container already did. */
    synchronized void end(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        queue.clear();
        closeQuietly(registration);
        if (complete && async != null) {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed by the container
            }
        }
        onEnd.accept(this);
    }

    private static void closeQuietly(AutoCloseable registration) {
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception e) {
                LOG.debug("Closing a stream registration failed", e);
            }
        }
    }
}
