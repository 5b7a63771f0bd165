package org.ossnet.tracker.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;
import static org.ossnet.tracker.collection.Publications.get;
import static org.ossnet.tracker.collection.Publications.publish;
import static org.ossnet.tracker.collection.Publications.request;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.api.SnapshotEvent;
import org.ossnet.core.api.SnapshotFeed;
import org.ossnet.core.testing.Await;
import org.ossnet.tracker.TrackerUnderTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SnapshotFeedIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    FeedWaiters waiters;

    @TempDir
    Path tree;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.feed-page-size", () -> 2);
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    PublishResponse published(String mount, Instant embargoUntil, String content) throws Exception {
        HttpResponse<String> response = publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                request(
                        tree.resolve(mount + "-" + content),
                        APP.collection(mount),
                        null,
                        null,
                        embargoUntil,
                        Map.of("file.txt", content.getBytes(StandardCharsets.UTF_8))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), PublishResponse.class);
    }

    static SnapshotFeed feed(String query) throws Exception {
        HttpResponse<byte[]> response = get(APP.url().resolve("/snapshots/feed?" + query));
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return JSON.readValue(response.body(), SnapshotFeed.class);
    }

    static long latest() throws Exception {
        long cursor = 0;
        for (SnapshotFeed page = feed("after=0"); !page.events().isEmpty(); page = feed("after=" + cursor)) {
            cursor = page.next();
        }
        return cursor;
    }

    @Test
    void listsPublishedSnapshotsAfterTheCursorInPublishOrderAPageAtATime() throws Exception {
        long start = latest();
        PublishResponse a1 = published("feed/a", null, "a1");
        PublishResponse b1 = published("feed/b", null, "b1");
        PublishResponse a2 = published("feed/a", null, "a2");

        SnapshotFeed first = feed("after=" + start);
        assertThat(first.events()).hasSize(2);
        assertThat(first.events())
                .extracting(SnapshotEvent::collection, SnapshotEvent::version, SnapshotEvent::snapshot)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a1.collection(), 1L, a1.snapshot()),
                        org.assertj.core.groups.Tuple.tuple(b1.collection(), 1L, b1.snapshot()));
        assertThat(first.events().get(1).signature()).isEqualTo(b1.signature());
        assertThat(first.events().get(0).id()).isLessThan(first.events().get(1).id());
        assertThat(first.next()).isEqualTo(first.events().get(1).id());

        SnapshotFeed second = feed("after=" + first.next());
        assertThat(second.events()).extracting(SnapshotEvent::snapshot).containsExactly(a2.snapshot());
        SnapshotFeed empty = feed("after=" + second.next());
        assertThat(empty.events()).isEmpty();
        assertThat(empty.next()).isEqualTo(second.next());
    }

    @Test
    void aWaitingFollowerIsAnsweredWithinASecondOfAPublish() throws Exception {
        long cursor = latest();
        long asked = System.nanoTime();
        CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(
                HttpRequest.newBuilder(APP.url().resolve("/snapshots/feed?wait=20&after=" + cursor))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // Publish only once the request is parked, so this shows a waiter woken by the commit; a request arriving
        // after it would be answered at once with the same event, and the test would not prove the wake-up.
        Await.until(() -> waiters.waiting() > 0, Duration.ofSeconds(10), () -> "the feed request never parked");
        PublishResponse published = published("feed/wait", null, "w1");
        long publishedAt = System.nanoTime();

        HttpResponse<String> response = waiting.get(20, TimeUnit.SECONDS);
        long answeredAt = System.nanoTime();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        SnapshotFeed page = JSON.readValue(response.body(), SnapshotFeed.class);
        assertThat(page.events()).extracting(SnapshotEvent::snapshot).containsExactly(published.snapshot());
        assertThat(Duration.ofNanos(answeredAt - publishedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(answeredAt - asked)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aWaitWithNothingNewAnswersAnEmptyPageWithTheSameCursor() throws Exception {
        long cursor = latest();
        long asked = System.nanoTime();
        SnapshotFeed page = feed("after=" + cursor + "&wait=1");
        assertThat(page.events()).isEmpty();
        assertThat(page.next()).isEqualTo(cursor);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void anEmbargoedSnapshotEntersTheFeedOnlyOnceItsEmbargoPasses() throws Exception {
        long cursor = latest();
        PublishResponse embargoed = published("feed/secret", Instant.now().plusSeconds(3), "s1");
        assertThat(feed("after=" + cursor).events())
                .extracting(SnapshotEvent::collection)
                .doesNotContain(embargoed.collection());

        Await.until(
                () -> {
                    try {
                        return feed("after=" + cursor).events().stream()
                                .anyMatch(e -> e.snapshot().equals(embargoed.snapshot()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                Duration.ofSeconds(15));
    }

    @Test
    void refusesBadParametersNamingThem() throws Exception {
        for (String query : new String[] {"after=-1", "after=x", "after=1.5", "wait=-3", "wait=soon"}) {
            HttpResponse<byte[]> response = get(APP.url().resolve("/snapshots/feed?" + query));
            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            String name = query.substring(0, query.indexOf('='));
            assertThat(JSON.readTree(body).get("field").asString()).as(body).isEqualTo(name);
        }
    }

    @Test
    void discoveryNamesTheFeedAndTheMirrorRegistry() throws Exception {
        Discovery discovery = JSON.readValue(
                get(APP.url().resolve("/.well-known/ossnet.json")).body(), Discovery.class);
        assertThat(discovery.snapshotFeed()).isEqualTo(URI.create(APP.url() + "/snapshots/feed"));
        assertThat(discovery.mirrors()).isEqualTo(URI.create(APP.url() + "/api/v1/mirrors"));
    }
}
