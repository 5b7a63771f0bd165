package org.ossnet.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DownloadEventRulesTest {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Instant LATEST = NOW.plus(Duration.ofMinutes(5));
    static final Duration RETENTION = Duration.ofDays(400);

    static DownloadEvent event(Long bytes, Long peers, String region, String kind, Instant at) {
        return new DownloadEvent(
                UUID.randomUUID(),
                "ossnet://example.org/demo",
                1L,
                "pool/a.deb",
                bytes,
                peers,
                0L,
                0L,
                region,
                kind,
                10L,
                at);
    }

    static String refused(DownloadEvent event) {
        return catchThrowableOfType(
                        DownloadEventRules.InvalidEventException.class,
                        () -> new DownloadEventRules.Batch(LATEST, NOW, RETENTION).check("events[2]", event))
                .member();
    }

    @Test
    void takesAValidEventWithOrWithoutARegion() {
        assertThatCode(() -> new DownloadEventRules.Batch(LATEST, NOW, RETENTION)
                        .check("events[0]", event(100L, 100L, "eu", "bittorrent:libtorrent", NOW)))
                .doesNotThrowAnyException();
        assertThatCode(() -> new DownloadEventRules.Batch(LATEST, NOW, RETENTION)
                        .check("events[0]", event(100L, 0L, null, "get", NOW.minus(RETENTION))))
                .doesNotThrowAnyException();
    }

    @Test
    void namesTheFirstMemberAtFault() {
        assertThat(refused(null)).isEqualTo("events[2]");
        assertThat(refused(event(null, 0L, null, "get", NOW))).isEqualTo("events[2].bytes");
        assertThat(refused(event(-1L, 0L, null, "get", NOW))).isEqualTo("events[2].bytes");
        assertThat(refused(event(100L, 101L, null, "get", NOW))).isEqualTo("events[2].bytesFromPeers");
        assertThat(refused(event(100L, 0L, "", "get", NOW))).isEqualTo("events[2].region");
        assertThat(refused(event(100L, 0L, "eu\n", "get", NOW))).isEqualTo("events[2].region");
        assertThat(refused(event(100L, 0L, "x".repeat(65), "get", NOW))).isEqualTo("events[2].region");
        assertThat(refused(event(100L, 0L, null, "wget", NOW))).isEqualTo("events[2].clientKind");
        assertThat(refused(event(100L, 0L, null, "bittorrent:Other", NOW))).isEqualTo("events[2].clientKind");
        assertThat(refused(event(100L, 0L, null, "get", LATEST.plusSeconds(1)))).isEqualTo("events[2].completedAt");
        assertThat(refused(event(100L, 0L, null, "get", NOW.minus(RETENTION).minusSeconds(1))))
                .isEqualTo("events[2].completedAt");
        DownloadEvent e = event(100L, 0L, null, "get", NOW);
        assertThat(refused(new DownloadEvent(
                        e.eventId(), "ossnet://example.org/", 1L, e.path(), 100L, 0L, 0L, 0L, null, "get", 1L, NOW)))
                .isEqualTo("events[2].collection");
        assertThat(refused(new DownloadEvent(
                        e.eventId(), e.collection(), 0L, e.path(), 100L, 0L, 0L, 0L, null, "get", 1L, NOW)))
                .isEqualTo("events[2].version");
        assertThat(refused(new DownloadEvent(
                        e.eventId(), e.collection(), 1L, "../etc/passwd", 100L, 0L, 0L, 0L, null, "get", 1L, NOW)))
                .isEqualTo("events[2].path");
        assertThat(refused(
                        new DownloadEvent(null, e.collection(), 1L, e.path(), 100L, 0L, 0L, 0L, null, "get", 1L, NOW)))
                .isEqualTo("events[2].eventId");
    }

    @Test
    void aBatchRemembersOnlyNamesItFoundValid() {
        DownloadEventRules.Batch batch = new DownloadEventRules.Batch(LATEST, NOW, RETENTION);
        batch.check("events[0]", event(100L, 0L, null, "get", NOW));
        DownloadEvent badPath = new DownloadEvent(
                UUID.randomUUID(), "ossnet://example.org/demo", 1L, "../a.deb", 1L, 0L, 0L, 0L, null, "get", 1L, NOW);
        for (int i = 1; i <= 2; i++) {
            String at = "events[" + i + "]";
            assertThat(catchThrowableOfType(
                                    DownloadEventRules.InvalidEventException.class, () -> batch.check(at, badPath))
                            .member())
                    .isEqualTo(at + ".path");
        }
        DownloadEvent badCollection = new DownloadEvent(
                UUID.randomUUID(), "ossnet://example.org/", 1L, "pool/a.deb", 1L, 0L, 0L, 0L, null, "get", 1L, NOW);
        assertThat(catchThrowableOfType(
                                DownloadEventRules.InvalidEventException.class,
                                () -> batch.check("events[3]", badCollection))
                        .member())
                .isEqualTo("events[3].collection");
        assertThatCode(() -> batch.check("events[4]", event(100L, 0L, null, "get", NOW)))
                .doesNotThrowAnyException();
    }

    @Test
    void keepsThePathsFoundValidInTheSetItIsGivenAndOnlyThose() {
        java.util.Set<String> valid = new java.util.HashSet<>();
        new DownloadEventRules.Batch(LATEST, NOW, RETENTION, valid)
                .check("events[0]", event(10L, 5L, "eu", "get", NOW));
        assertThat(valid).containsExactly("pool/a.deb");
        DownloadEvent bad = new DownloadEvent(
                UUID.randomUUID(),
                "ossnet://example.org/demo",
                1L,
                "../etc/passwd",
                10L,
                0L,
                0L,
                0L,
                "eu",
                "get",
                10L,
                NOW);
        for (int batch = 0; batch < 2; batch++) {
            var refused = catchThrowableOfType(
                    DownloadEventRules.InvalidEventException.class,
                    () -> new DownloadEventRules.Batch(LATEST, NOW, RETENTION, valid).check("events[1]", bad));
            assertThat(refused.member()).isEqualTo("events[1].path");
        }
        assertThat(valid).containsExactly("pool/a.deb");
    }
}
