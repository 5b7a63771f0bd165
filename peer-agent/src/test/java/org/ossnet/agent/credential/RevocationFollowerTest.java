package org.ossnet.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.ossnet.agent.region.TestClock;
import org.ossnet.core.credential.RevocationList;

class RevocationFollowerTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private final AtomicReference<Object> served = new AtomicReference<>();
    private final List<Long> told = new CopyOnWriteArrayList<>();
    private final RevocationFollower follower = RevocationFollower.of(
            accepted -> {
                Object next = served.get();
                if (next instanceof RuntimeException refusal) {
                    throw refusal;
                }
                if (next instanceof IOException unreachable) {
                    throw unreachable;
                }
                return (RevocationList) next;
            },
            clock,
            Duration.ofHours(1));

    RevocationFollowerTest() {
        follower.onChange(list -> told.add(list.version()));
    }

    @Test
    void holdsEachNewerListAndTellsOfIt() {
        served.set(list(1, 60));
        follower.refresh();
        served.set(list(2, 60));
        follower.refresh();
        follower.refresh();

        assertThat(follower.current().version()).isEqualTo(2);
        assertThat(told).containsExactly(1L, 2L);
    }

    @Test
    void aRefusedOrUnreachableFetchKeepsTheHeldList() {
        served.set(list(3, 60));
        follower.refresh();
        served.set(new IllegalStateException("version 2 after 3: a rollback"));
        follower.refresh();
        served.set(new IOException("connection refused"));
        follower.refresh();

        assertThat(follower.current().version()).isEqualTo(3);
        assertThat(follower.problem()).isEqualTo("connection refused");
        assertThat(told).containsExactly(3L);
    }

    @Test
    void anExpiredListFailsClosedIsToldOnceAndAFreshOneRestores() {
        served.set(list(4, 10));
        follower.refresh();
        served.set(new IOException("tracker down"));
        clock.advance(Duration.ofSeconds(11));
        follower.refresh();
        follower.refresh();

        assertThat(follower.current()).isNull();
        assertThat(told).containsExactly(4L, 4L);

        served.set(new RevocationList("pub.example.org", 5, NOW.plusSeconds(11), NOW.plusSeconds(300), List.of()));
        follower.refresh();
        assertThat(follower.current().version()).isEqualTo(5);
        assertThat(told).containsExactly(4L, 4L, 5L);
    }

    private static RevocationList list(long version, long seconds) {
        return new RevocationList("pub.example.org", version, NOW, NOW.plusSeconds(seconds), List.of());
    }
}
