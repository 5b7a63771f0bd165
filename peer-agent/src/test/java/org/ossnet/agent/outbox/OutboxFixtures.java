package org.ossnet.agent.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;

/** Events and outboxes for the tests of this package. */
final class OutboxFixtures {

    private OutboxFixtures() {}

    /** A complete event of the file at {@code path}, a fresh id. */
    static DownloadEvent event(String path) {
        return event(path, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** As {@link #event(String)}, completed at {@code completedAt}. */
    static DownloadEvent event(String path, Instant completedAt) {
        return new DownloadEvent(
                UUID.randomUUID(),
                "ossnet://example.org/demo",
                3L,
                path,
                1000L,
                600L,
                300L,
                100L,
                null,
                ClientKind.GET,
                1234L,
                completedAt);
    }
}
