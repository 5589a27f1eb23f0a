package dev.switchboard.connector.http.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory up to a limit. A body announced larger by Content-Length is refused before a
 * byte is read; one that grows past the limit is cut off there. Either way the subscription is cancelled, which
 * makes the client drop the connection, and the body completes with {@link ResponseTooLargeException}.
 */
final class BoundedBodyHandler implements HttpResponse.BodyHandler<byte[]> {

    private final long maxBytes;

    BoundedBodyHandler(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public BodySubscriber<byte[]> apply(ResponseInfo info) {
        OptionalLong announced = info.headers().firstValueAsLong("Content-Length");
        return new Subscriber(maxBytes, announced.isPresent() && announced.getAsLong() > maxBytes);
    }

    private static final class Subscriber implements BodySubscriber<byte[]> {
        private final long maxBytes;
        private final boolean refuse;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private long received;

        Subscriber(long maxBytes, boolean refuse) {
            this.maxBytes = maxBytes;
            this.refuse = refuse;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (refuse) {
                tooLarge();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
                if (received > maxBytes) {
                    tooLarge();
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(buffer.toByteArray());
        }

        private void tooLarge() {
            subscription.cancel();
            buffer.reset();
            body.completeExceptionally(new ResponseTooLargeException(maxBytes));
        }
    }
}
