package org.ossnet.tracker.mirror;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Hashes a response body as it arrives, keeping none of it, and gives up once it passes the size it should have: a
 * check never buffers a file, and a mirror cannot make it read without end.
 */
final class HashingBody implements Flow.Subscriber<List<ByteBuffer>> {

    /**
     * What was received: its size and SHA-256, or why not.
     *
     * @param size the bytes received
     * @param sha256 their SHA-256, or {@code null} on failure
     * @param failure why the body is not usable, or {@code null}
     */
    record Outcome(long size, byte[] sha256, String failure) {}

    private final long limit;
    private final MessageDigest digest;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long size;

    HashingBody(long limit) {
        this.limit = limit;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** Ends the wait without a body (an unexpected status, a failed connection). */
    void fail(String why) {
        outcome.complete(new Outcome(size, null, why));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (outcome.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
            if (size > limit) {
                subscription.cancel();
                fail("served more than the " + limit + " bytes expected");
                return;
            }
            digest.update(buffer);
        }
    }

    @Override
    public void onError(Throwable error) {
        fail("the transfer failed: " + MirrorChecker.describe(error));
    }

    @Override
    public void onComplete() {
        outcome.complete(new Outcome(size, digest.digest(), null));
    }
}
