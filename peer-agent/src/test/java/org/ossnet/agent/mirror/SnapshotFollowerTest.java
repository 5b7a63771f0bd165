package org.ossnet.agent.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.testing.Await;

@Timeout(30)
class SnapshotFollowerTest {

    private static final OssnetName CARRIED = OssnetName.parse("ossnet://example.org/fedora/45");
    private static final OssnetName ALSO = OssnetName.parse("ossnet://example.org/debian/trixie");
    private static final Set<OssnetName> COLLECTIONS = Set.of(CARRIED, ALSO);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> notes = new CopyOnWriteArrayList<>();

    @Test
    void learnsCarriedSnapshotsAfterItsCursorAndSkipsOtherCollections() throws Exception {
        try (FeedServer feed = FeedServer.start()) {
            feed.publish(CARRIED.format(), 1);
            feed.publish("ossnet://example.org/other", 9);
            feed.publish(CARRIED.format(), 2);
            feed.publish(ALSO.format(), 5);

            SnapshotFollower.News news =
                    follower(feed.url(), 1, Duration.ofMinutes(5)).next();

            assertThat(news.published()).isEqualTo(Map.of(CARRIED, 2L, ALSO, 5L));
            assertThat(news.check()).containsExactlyInAnyOrder(CARRIED, ALSO);
            assertThat(news.cursor()).isEqualTo(4);
            assertThat(feed.requests().getFirst()).containsEntry("after", "1").containsEntry("wait", "1");
        }
    }

    @Test
    void longPollsUntilASnapshotIsPublishedAndResumesFromTheCursor() throws Exception {
        try (FeedServer feed = FeedServer.start()) {
            feed.publish("ossnet://example.org/other", 1);
            SnapshotFollower follower = follower(feed.url(), 0, Duration.ofMinutes(5));

            SnapshotFollower.News skipped = follower.next();
            assertThat(skipped.check())
                    .as("an event of another collection moves only the cursor")
                    .isEmpty();
            assertThat(skipped.cursor()).isEqualTo(1);

            // Publish once the follower's long poll has reached the server, so the event wakes a waiting request.
            int asked = feed.requests().size();
            Thread.ofVirtual().start(() -> {
                try {
                    Await.until(() -> feed.requests().size() > asked, Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    return;
                }
                feed.publish(CARRIED.format(), 7);
            });
            long start = System.nanoTime();
            SnapshotFollower.News news = follower.next();

            assertThat(news.published()).isEqualTo(Map.of(CARRIED, 7L));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("learned within the long poll, not a poll interval")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(feed.requests()).allSatisfy(q -> assertThat(q).containsEntry("wait", "1"));
            assertThat(feed.requests().getLast()).containsEntry("after", "1");

            SnapshotFollower restarted = follower(feed.url(), news.cursor(), Duration.ofMinutes(5));
            feed.publish(ALSO.format(), 3);
            assertThat(restarted.next().published())
                    .as("a restart with the kept cursor sees only what came after")
                    .isEqualTo(Map.of(ALSO, 3L));
        }
    }

    @Test
    void backsOffWhileTheFeedFailsPollingEveryCollectionMeanwhile() throws Exception {
        try (FeedServer feed = FeedServer.start()) {
            feed.failWith(503);
            SnapshotFollower follower = follower(feed.url(), 0, Duration.ofMillis(1200));

            SnapshotFollower.News polled = follower.next();

            assertThat(polled.check()).as("the fallback names every collection").isEqualTo(COLLECTIONS);
            assertThat(polled.published()).isEmpty();
            List<Long> times = feed.requestTimes();
            assertThat(times).as("100, 200, 400 ms apart, not a tight loop").hasSizeBetween(3, 5);
            for (int i = 2; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1)).isGreaterThan((times.get(i - 1) - times.get(i - 2)));
            }
            assertThat(notes).hasSize(1).first().asString().contains("failed (HTTP 503)");

            feed.failWith(0);
            feed.publish(CARRIED.format(), 4);
            assertThat(follower.next().published()).isEqualTo(Map.of(CARRIED, 4L));
            assertThat(notes).last().asString().contains("answers again");
        }
    }

    @Test
    void namesACollectionAgainWhenItsRetryIsDueThoughTheFeedIsQuiet() throws Exception {
        try (FeedServer feed = FeedServer.start()) {
            SnapshotFollower follower = follower(feed.url(), 0, Duration.ofMinutes(5));
            follower.checkAgain(ALSO, Duration.ofMillis(300));
            long start = System.nanoTime();

            SnapshotFollower.News retry = follower.next();

            assertThat(retry.check()).containsExactly(ALSO);
            assertThat(retry.published()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("due after 300 ms; the long poll (1 s here) may delay it, the 5 min poll may not")
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
            feed.publish(CARRIED.format(), 2);
            assertThat(follower.next().check()).as("a retry is named once").containsExactly(CARRIED);
        }
    }

    @Test
    void pollsEveryCollectionEachIntervalWithoutAFeed() throws Exception {
        SnapshotFollower follower = new SnapshotFollower(
                http,
                Optional.empty(),
                COLLECTIONS,
                0,
                new SnapshotFollower.Timings(
                        Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(300)),
                notes::add);
        long start = System.nanoTime();

        assertThat(follower.next().check()).isEqualTo(COLLECTIONS);
        assertThat(follower.next().check()).isEqualTo(COLLECTIONS);

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(550), Duration.ofSeconds(3));
    }

    private SnapshotFollower follower(URI feed, long cursor, Duration poll) {
        return new SnapshotFollower(
                http,
                Optional.of(feed),
                COLLECTIONS,
                cursor,
                new SnapshotFollower.Timings(
                        Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(5), poll),
                notes::add);
    }
}
