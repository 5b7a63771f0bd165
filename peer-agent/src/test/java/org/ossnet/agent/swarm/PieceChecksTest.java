package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PieceChecksTest {

    @Test
    void checksEveryPieceOnceInTheOrderTheyCompletedOneAtATimeOffTheSubmittersThread() throws Exception {
        int pieces = 20_000;
        List<Integer> checked = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicBoolean onSubmitter = new AtomicBoolean();
        Thread submitter = Thread.currentThread();
        CountDownLatch done = new CountDownLatch(pieces);
        var checks = new PieceChecks(
                piece -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    onSubmitter.compareAndSet(false, Thread.currentThread() == submitter);
                    synchronized (checked) {
                        checked.add(piece);
                    }
                    running.decrementAndGet();
                    done.countDown();
                },
                () -> true,
                "piece-check-test");

        for (int piece = 0; piece < pieces; piece++) {
            checks.submit(piece);
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        synchronized (checked) {
            assertThat(checked).hasSize(pieces).isSorted().doesNotHaveDuplicates();
        }
        assertThat(mostAtOnce).hasValue(1);
        assertThat(onSubmitter).isFalse();
    }

    @Test
    void losesNoPieceSubmittedByManyReadersWhileTheQueueDrains() throws Exception {
        int readers = 4;
        int each = 5_000;
        var checked = ConcurrentHashMap.<Integer>newKeySet();
        CountDownLatch done = new CountDownLatch(readers * each);
        var checks = new PieceChecks(
                piece -> {
                    checked.add(piece);
                    done.countDown();
                },
                () -> true,
                "piece-check-test");

        try (ExecutorService pool = Executors.newFixedThreadPool(readers)) {
            for (int r = 0; r < readers; r++) {
                int first = r * each;
                pool.submit(() -> {
                    for (int piece = first; piece < first + each; piece++) {
                        checks.submit(piece);
                    }
                });
            }
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(checked).hasSize(readers * each);
    }

    @Test
    void checksNothingMoreOnceTheTorrentIsClosed() throws Exception {
        AtomicBoolean open = new AtomicBoolean(true);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> checked = new ArrayList<>();
        CountDownLatch firstDone = new CountDownLatch(1);
        var checks = new PieceChecks(
                piece -> {
                    firstStarted.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    synchronized (checked) {
                        checked.add(piece);
                    }
                    firstDone.countDown();
                },
                open::get,
                "piece-check-test");

        checks.submit(0);
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        checks.submit(1);
        checks.submit(2);
        open.set(false);
        release.countDown();
        assertThat(firstDone.await(10, TimeUnit.SECONDS)).isTrue();
        awaitIdle(checks);
        // A piece submitted after the close finds the queue left behind and checks nothing either.
        checks.submit(3);
        awaitIdle(checks);

        synchronized (checked) {
            assertThat(checked).containsExactly(0);
        }
    }

    private static void awaitIdle(PieceChecks checks) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (checks.isDraining()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
