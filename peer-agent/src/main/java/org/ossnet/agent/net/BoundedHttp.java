package org.ossnet.agent.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every HTTP exchange of the agent: one request whose answer, headers and body together, must arrive within a deadline
 * and is read up to a size bound. The JDK client's request timeout stops at the headers, so a server that sends them
 * promptly and then drips the body would otherwise hold the caller for as long as it likes.
 */
public final class BoundedHttp {

    private BoundedHttp() {}

    /**
     * Sends {@code request} and returns the answer with at most {@code maxBytes + 1} bytes of its body (one more than
     * the bound, so the caller can tell it was over), the rest unread.
     *
     * @throws AnswerTooSlowException if the whole answer took longer than {@code deadline}; the exchange is abandoned
     * @throws IOException if the exchange failed, as the JDK client reports it
     */
    public static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, int maxBytes, Duration deadline)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer =
                client.sendAsync(request, info -> new BoundedBody(maxBytes + 1L));
        try {
            return answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new AnswerTooSlowException(deadline);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** Collects the body up to {@code limit} bytes, then cancels the rest. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final long limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = (int) Math.min(buffer.remaining(), limit - bytes.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                bytes.write(chunk, 0, take);
            }
            if (bytes.size() >= limit && body.complete(bytes.toByteArray())) {
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
