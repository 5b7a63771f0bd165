package org.ossnet.tracker.feed;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.core.api.SnapshotFeed;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Feed requests waiting for an event. A waiting request holds no servlet thread (Spring MVC's
 * {@link DeferredResult}); a publish wakes them after it commits, and the feed's scheduled round wakes them too, for
 * events another replica committed.
 */
@Component
class FeedWaiters {

    private record Waiter(long after, DeferredResult<ResponseEntity<SnapshotFeed>> result) {}

    private final FeedPages pages;
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

    FeedWaiters(FeedPages pages) {
        this.pages = pages;
    }

    /** The feed's answer: never cached, since the same cursor gets a longer page later. */
    static ResponseEntity<SnapshotFeed> answer(SnapshotFeed page) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(page);
    }

    /** Answers with the events after {@code after}, waiting up to {@code wait} for one if there are none yet. */
    DeferredResult<ResponseEntity<SnapshotFeed>> await(long after, Duration wait) {
        DeferredResult<ResponseEntity<SnapshotFeed>> result =
                new DeferredResult<>(wait.toMillis(), () -> answer(new SnapshotFeed(java.util.List.of(), after)));
        SnapshotFeed page = pages.after(after);
        if (!page.events().isEmpty() || wait.isZero()) {
            result.setResult(answer(page));
            return result;
        }
        Waiter waiter = new Waiter(after, result);
        result.onCompletion(() -> waiting.remove(waiter));
        waiting.add(waiter);
        // An event may have committed between the first look and joining the waiters: look once more.
        offer(waiter, pages.after(after));
        return result;
    }

    int waiting() {
        return waiting.size();
    }

    /**
     * Hands every waiter the events after its cursor, if there are any now. Runs on a virtual thread of its own, so a
     * publish's after-commit hook never makes the publisher wait for the followers' queries.
     */
    void wake() {
        if (waiting.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("feed-wake").start(() -> {
            long latest = pages.latestId();
            // Followers mostly share a cursor: one query per distinct cursor, not per follower.
            Map<Long, SnapshotFeed> byCursor = new HashMap<>();
            for (Waiter waiter : waiting) {
                if (waiter.after() < latest) {
                    offer(waiter, byCursor.computeIfAbsent(waiter.after(), pages::after));
                }
            }
        });
    }

    private void offer(Waiter waiter, SnapshotFeed page) {
        if (!page.events().isEmpty() && waiter.result().setResult(answer(page))) {
            waiting.remove(waiter);
        }
    }
}
