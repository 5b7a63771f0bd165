package org.ossnet.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.testing.Await;

/** Events added while a write is under way go together in the next write, and each add returns once its is done. */
@Timeout(30)
class GroupCommitTest {

    private final List<List<String>> writes = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);

    private void write(List<DownloadEvent> group) throws IOException {
        try {
            firstWriteStarted.countDown();
            if (writes.isEmpty() && !firstWriteMayEnd.await(20, TimeUnit.SECONDS)) {
                throw new IOException("the test never let the first write end");
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        writes.add(group.stream().map(DownloadEvent::path).toList());
    }

    @Test
    void eventsAddedDuringAWriteGoTogetherInTheNextUpToTheGroupBound() throws Exception {
        GroupCommit commit = new GroupCommit(this::write, 3);
        List<Thread> adders = new ArrayList<>();
        List<String> returned = new CopyOnWriteArrayList<>();
        for (String path : List.of("first", "a", "b", "c", "d")) {
            adders.add(Thread.ofPlatform().start(() -> {
                try {
                    commit.add(OutboxFixtures.event(path));
                    returned.add(path);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
            if (path.equals("first")) {
                assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue(); // "first" is being written
            }
        }
        Await.until(() -> commit.waiting() == 4, Duration.ofSeconds(10));
        assertThat(returned).as("nothing is durable before its write ends").isEmpty();

        firstWriteMayEnd.countDown();
        for (Thread adder : adders) {
            adder.join();
        }

        assertThat(writes).hasSize(3);
        assertThat(writes.get(0)).containsExactly("first");
        assertThat(writes.get(1)).hasSize(3);
        assertThat(writes.get(2)).hasSize(1);
        assertThat(writes.stream().flatMap(List::stream)).containsExactlyInAnyOrder("first", "a", "b", "c", "d");
        assertThat(returned).containsExactlyInAnyOrder("first", "a", "b", "c", "d");
    }

    @Test
    void everyEventOfAFailedWriteGetsItsFailureAndTheNextWriteStillRuns() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        GroupCommit commit = new GroupCommit(
                group -> {
                    sizes.add(group.size());
                    if (group.getFirst().path().equals("fails")) {
                        throw new IOException("disk full");
                    }
                },
                8);

        assertThatThrownBy(() -> commit.add(OutboxFixtures.event("fails"))).hasMessage("disk full");
        commit.add(OutboxFixtures.event("works"));

        assertThat(sizes).containsExactly(1, 1);
        assertThat(commit.waiting()).isZero();
    }

    @Test
    void submittedEventsAreWrittenWhileTheCallerGoesOnInGroupsAndAllAreWrittenWhenAwaited() throws Exception {
        GroupCommit commit = new GroupCommit(this::write, 3);

        CompletableFuture<Void> first = commit.submit(OutboxFixtures.event("first"));
        assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue(); // on a writer thread, not this one
        List<CompletableFuture<Void>> rest = new ArrayList<>();
        for (String path : List.of("a", "b", "c", "d")) {
            rest.add(commit.submit(OutboxFixtures.event(path)));
        }
        assertThat(first).as("not durable before its write ends").isNotDone();
        assertThat(commit.waiting()).isEqualTo(4);

        firstWriteMayEnd.countDown();
        commit.awaitWritten();

        assertThat(rest).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(writes).containsExactly(List.of("first"), List.of("a", "b", "c"), List.of("d"));
    }

    @Test
    void aSubmittedEventWhoseWriteFailsCompletesWithTheFailureAndAwaitingDoesNotThrow() {
        GroupCommit commit = new GroupCommit(
                group -> {
                    if (group.getFirst().path().equals("fails")) {
                        throw new IOException("disk full");
                    }
                },
                8);

        CompletableFuture<Void> failed = commit.submit(OutboxFixtures.event("fails"));
        commit.awaitWritten();

        assertThat(failed).isCompletedExceptionally();
        assertThat(commit.submit(OutboxFixtures.event("works"))).succeedsWithin(Duration.ofSeconds(10));
    }
}
