package org.ossnet.agent.mirror;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.ossnet.agent.net.BoundedHttp;
import org.ossnet.core.api.SnapshotEvent;
import org.ossnet.core.api.SnapshotFeed;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the daemon which carried collections may have a new snapshot. It long-polls the tracker's snapshot feed
 * ({@code GET <feed>?after=<cursor>&wait=<s>}), so a release is known within seconds of its publish and nothing is
 * crawled. Without a feed, or while the feed fails (retried after doubling waits), it falls back to naming every
 * collection once per {@code poll} interval, for the daemon to look at each one's {@code /ns} entry.
 *
 * <p>The cursor is the id of the last feed event seen; the daemon keeps it in its state file, so a restart resumes
 * after the last event it handled instead of missing the ones published while it was down.
 */
public final class SnapshotFollower {

    /** The largest feed page read; pages are bounded by the tracker's page size, far below this. */
    static final int MAX_PAGE_BYTES = 8 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * How the follower waits.
     *
     * @param longPoll how long the tracker may hold one feed request open (whole seconds; the tracker caps it at 30)
     * @param firstBackoff the wait before trying a failed feed again, doubled at each failure in a row
     * @param maxBackoff the longest wait between feed attempts
     * @param poll how often every collection is named while there is no working feed
     */
    public record Timings(Duration longPoll, Duration firstBackoff, Duration maxBackoff, Duration poll) {

        /** A long poll well under the tracker's cap of 30 s, so proxies with a 30 s idle timeout keep it. */
        public static final Duration DEFAULT_WAIT = Duration.ofSeconds(25);

        /** The first retry of a failed feed comes quickly: a tracker restart is short. */
        public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(1);

        /** A feed down for long is retried once a minute; polling covers the time between. */
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

        /** The defaults, polling every {@code poll} without a feed. */
        public static Timings defaults(Duration poll) {
            return new Timings(DEFAULT_WAIT, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF, poll);
        }
    }

    /**
     * What the follower learned.
     *
     * @param check the collections whose latest snapshot should be looked at now
     * @param published the versions the feed named, by collection (empty when polling)
     * @param cursor the feed cursor after this news, to keep
     */
    public record News(Set<OssnetName> check, Map<OssnetName, Long> published, long cursor) {}

    private final HttpClient http;
    private final Optional<URI> feed;
    private final Set<OssnetName> collections;
    private final Timings timings;
    private final Consumer<String> notes;
    private long cursor;
    private int failures;
    private long retryAt = System.nanoTime();
    private long nextPoll;
    private final Map<OssnetName, Long> retries = new HashMap<>();

    /**
     * @param feed the snapshot feed, or nothing to poll only
     * @param collections the carried collections; events of others are skipped
     * @param cursor the last event id handled (0 before any)
     * @param notes receives a line when the feed fails and when it answers again
     */
    public SnapshotFollower(
            HttpClient http,
            Optional<URI> feed,
            Set<OssnetName> collections,
            long cursor,
            Timings timings,
            Consumer<String> notes) {
        this.http = http;
        this.feed = feed;
        this.collections =
                Set.copyOf(collections.stream().map(OssnetName::asFile).toList());
        this.cursor = cursor;
        this.timings = timings;
        this.notes = notes;
        // The daemon syncs every collection as it starts, so the first poll is one interval away.
        this.nextPoll = System.nanoTime() + timings.poll().toNanos();
    }

    /**
     * Names {@code collection} again once {@code delay} has passed, whatever the feed says: a sync that failed (the
     * tracker did not yet take in a just-published swarm, an origin was down) must not wait for the next publish,
     * which may be weeks away. The long poll is cut short so that the retry is not late by up to its wait.
     */
    public void checkAgain(OssnetName collection, Duration delay) {
        retries.put(collection.asFile(), System.nanoTime() + delay.toNanos());
    }

    /** The last event id handled. */
    public long cursor() {
        return cursor;
    }

    /**
     * Waits for news: carried collections the feed says were published, or, without a working feed, every collection
     * once per poll interval. Returns also when the cursor moved past events of collections not carried, so that the
     * caller can keep it.
     */
    public News next() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            Set<OssnetName> due = dueRetries(now);
            if (!due.isEmpty()) {
                return new News(due, Map.of(), cursor);
            }
            if (feed.isPresent() && now - retryAt >= 0) {
                Optional<News> news = readFeed(feed.get());
                if (news.isPresent()) {
                    return news.get();
                }
                if (failures == 0) {
                    continue;
                }
            }
            now = System.nanoTime();
            if (now - nextPoll >= 0) {
                nextPoll = now + timings.poll().toNanos();
                return new News(collections, Map.of(), cursor);
            }
            long until = feed.isPresent() ? Math.min(nextPoll - now, retryAt - now) : nextPoll - now;
            for (long at : retries.values()) {
                until = Math.min(until, at - now);
            }
            Thread.sleep(Duration.ofNanos(Math.max(1_000_000, until)));
        }
    }

    private Set<OssnetName> dueRetries(long now) {
        Set<OssnetName> due = new LinkedHashSet<>();
        retries.entrySet().removeIf(retry -> {
            boolean isDue = now - retry.getValue() >= 0;
            if (isDue) {
                due.add(retry.getKey());
            }
            return isDue;
        });
        return due;
    }

    /** The long poll's wait in whole seconds: {@link Timings#longPoll}, shorter when a retry comes sooner. */
    private long waitSeconds() {
        long wait = timings.longPoll().toSeconds();
        long now = System.nanoTime();
        for (long at : retries.values()) {
            wait = Math.min(wait, Math.max(1, Duration.ofNanos(at - now).toSeconds()));
        }
        return wait;
    }

    /** One feed request: news if the cursor moved, nothing after an empty page or a failure. */
    private Optional<News> readFeed(URI base) throws InterruptedException {
        SnapshotFeed page;
        try {
            page = fetch(base);
        } catch (IOException e) {
            failed(base, e.getMessage());
            return Optional.empty();
        }
        if (failures > 0) {
            notes.accept("the snapshot feed " + base + " answers again; following it");
            failures = 0;
        }
        // While the feed works, polling is not needed; it resumes one interval after a failure.
        nextPoll = System.nanoTime() + timings.poll().toNanos();
        Map<OssnetName, Long> published = new HashMap<>();
        long last = cursor;
        for (SnapshotEvent event : page.events()) {
            if (event.id() <= last) {
                continue;
            }
            last = event.id();
            carried(event).ifPresent(name -> published.merge(name, event.version(), Math::max));
        }
        // The cursor never moves back: ids only grow, so a lower one is a confused tracker, not news.
        long next = Math.max(last, Math.max(cursor, page.next()));
        if (next == cursor && published.isEmpty()) {
            return Optional.empty();
        }
        cursor = next;
        return Optional.of(new News(new LinkedHashSet<>(published.keySet()), Map.copyOf(published), cursor));
    }

    private SnapshotFeed fetch(URI base) throws IOException, InterruptedException {
        String separator = base.getRawQuery() == null ? "?" : "&";
        URI uri = URI.create(base + separator + "after=" + cursor + "&wait=" + waitSeconds());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "application/json")
                .GET()
                .build();
        // The tracker answers within the wait; the margin covers a slow network, not a tracker that never answers.
        HttpResponse<byte[]> response = BoundedHttp.send(
                http, request, MAX_PAGE_BYTES, timings.longPoll().plusSeconds(15));
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_PAGE_BYTES) {
            throw new IOException("a page over " + MAX_PAGE_BYTES + " bytes");
        }
        try {
            SnapshotFeed page = JSON.readValue(response.body(), SnapshotFeed.class);
            if (page.events() == null) {
                throw new IOException("a page without events");
            }
            return page;
        } catch (JacksonException e) {
            throw new IOException("not a snapshot feed page: " + e.getOriginalMessage());
        }
    }

    private void failed(URI base, String why) {
        failures++;
        long backoff = timings.firstBackoff().toNanos() << Math.min(failures - 1, 20);
        retryAt = System.nanoTime() + Math.min(backoff, timings.maxBackoff().toNanos());
        if (failures == 1) {
            notes.accept("the snapshot feed " + base + " failed (" + why + "); polling each collection every "
                    + timings.poll().toSeconds() + "s until it answers again");
        }
    }

    private Optional<OssnetName> carried(SnapshotEvent event) {
        if (event.collection() == null) {
            return Optional.empty();
        }
        try {
            OssnetName name = OssnetName.parse(event.collection()).asFile();
            return collections.contains(name) ? Optional.of(name) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
