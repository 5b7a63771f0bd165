package org.ossnet.tracker.feed;

import java.time.Duration;
import org.ossnet.core.api.SnapshotFeed;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code GET /snapshots/feed?after=<id>&wait=<seconds>}: the public snapshot feed mirrors follow (see core's
 * {@link SnapshotFeed}). Public because what it lists is public; a protocol endpoint, so outside {@code /api/v1}.
 */
@RestController
class SnapshotFeedController {

    /** The longest a follower may wait: long enough to make polling cheap, short enough for proxies' idle limits. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final FeedWaiters waiters;

    SnapshotFeedController(FeedWaiters waiters) {
        this.waiters = waiters;
    }

    @GetMapping("/snapshots/feed")
    DeferredResult<ResponseEntity<SnapshotFeed>> feed(
            @RequestParam(required = false) String after, @RequestParam(required = false) String wait) {
        long cursor = nonNegative("after", after, "the id of the last event seen");
        long seconds = nonNegative("wait", wait, "seconds to wait for an event");
        return waiters.await(cursor, Duration.ofSeconds(Math.min(seconds, MAX_WAIT.toSeconds())));
    }

    private static long nonNegative(String name, String text, String meaning) {
        if (text == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Refused below with the same message as a negative number.
        }
        throw ApiProblem.invalid(name, name + ": must be a whole number of at least 0 (" + meaning + ").");
    }
}
