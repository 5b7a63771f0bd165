package org.ossnet.agent.outbox;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Event ids in the layout of RFC 9562's version 7: the event's completion time in Unix milliseconds in the first 48
 * bits, then 74 random bits (with the version and variant bits between). stats-service keeps every id in a B-tree
 * ({@code event_seen}, and the key of {@code download_event}), and reporters send events within seconds of their
 * completion, so ids that sort by time go in at the right-hand edge of the tree, on pages already in memory. Random
 * (version 4) ids land on a random leaf each, which at millions of events means a page read and, after every checkpoint,
 * a full-page image in the WAL per event (docs/BENCHMARKS.md, "Statistics"). The random bits come from the same source
 * as {@link UUID#randomUUID}, so two agents' ids of one millisecond collide no more than random ids do.
 */
final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {}

    /** A new id for an event that completed at {@code completedAt}. */
    static UUID at(Instant completedAt) {
        long millis = Math.max(0, completedAt.toEpochMilli()) & 0xFFFF_FFFF_FFFFL;
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long randA = ((random[0] & 0xFFL) << 8 | (random[1] & 0xFFL)) & 0x0FFFL;
        long randB = 0;
        for (int i = 2; i < 10; i++) {
            randB = randB << 8 | (random[i] & 0xFFL);
        }
        long mostSignificant = millis << 16 | 0x7000L | randA;
        long leastSignificant = randB & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
