package org.ossnet.agent.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.agent.region.TestClock;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.testing.Await;

/**
 * Announces go to the region's tracker first and to the master when it fails, and come back to the region once it
 * answers again; real trackers on two loopback ports, or a recording call where only the choice matters.
 */
@Timeout(30)
class AnnounceTiersTest {

    AnnounceTrackerFixture regional;
    AnnounceTrackerFixture master;
    final TestClock clock = new TestClock(Instant.now());
    final List<String> notes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        regional = AnnounceTrackerFixture.start();
        master = AnnounceTrackerFixture.start();
    }

    @AfterEach
    void stop() {
        regional.close();
        master.close();
    }

    RegionAuthority authority(Instant expires) {
        return new RegionAuthority(
                "example.org",
                "eu",
                1,
                List.of(Cidr.parse("127.0.0.0/8")),
                List.of(URI.create("http://127.0.0.1:" + regional.announceUrl().getPort() + "/")),
                List.of(regional.announceUrl()),
                "A".repeat(40),
                Map.of(),
                1,
                expires.minus(30, ChronoUnit.DAYS),
                expires);
    }

    AnnounceTiers tiers(RegionAuthority authority, Duration backoff) {
        return new AnnounceTiers(() -> authority, master.announceUrl(), clock, backoff, notes::add);
    }

    Announcer announcer(AnnounceTiers tiers) {
        return new Announcer(
                new AnnounceClient(),
                tiers,
                AnnounceClientTest.INFO_HASH,
                AnnounceClientTest.PEER_ID,
                7000,
                false,
                () -> new Announcer.Transfer(0, 0, 1000),
                peer -> {});
    }

    @Test
    void announcesToTheRegionFirst() throws Exception {
        try (Announcer announcer = announcer(tiers(authority(Instant.now().plus(1, ChronoUnit.DAYS)), Duration.ZERO))) {
            announcer.start();

            assertThat(regional.queries()).singleElement().asString().contains("event=started");
            assertThat(master.queries()).isEmpty();
        }
    }

    @Test
    void fallsBackToTheMasterAtOnceWhenTheRegionRefusesConnections() throws Exception {
        regional.close();

        try (Announcer announcer = announcer(tiers(authority(Instant.now().plus(1, ChronoUnit.DAYS)), Duration.ZERO))) {
            announcer.start();

            assertThat(master.queries()).singleElement().asString().contains("event=started");
            assertThat(notes)
                    .singleElement()
                    .asString()
                    .startsWith("ossnet: the regional tracker of eu failed (cannot reach " + regional.announceUrl());
        }
    }

    @Test
    void fallsBackToTheMasterWhenTheRegionRefusesTheAnnounce() throws Exception {
        regional.answer("d14:failure reason12:not accepted".concat("e").getBytes(StandardCharsets.US_ASCII));

        try (Announcer announcer = announcer(tiers(authority(Instant.now().plus(1, ChronoUnit.DAYS)), Duration.ZERO))) {
            announcer.start();

            assertThat(regional.queries()).hasSize(1);
            assertThat(master.queries()).singleElement().asString().contains("event=started");
            assertThat(notes).singleElement().asString().contains("refused the announce: not accepted");
        }
    }

    @Test
    void returnsToTheRegionOnceItAnswersAgain() throws Exception {
        master.answer(AnnounceTrackerFixture.reply(1, List.of()).getBytes());
        regional.answer(503, AnnounceTrackerFixture.reply(1, List.of()).getBytes());

        try (Announcer announcer = announcer(tiers(authority(Instant.now().plus(1, ChronoUnit.DAYS)), Duration.ZERO))) {
            announcer.start();
            Await.until(() -> master.queries().size() >= 2, Duration.ofSeconds(10));
            regional.answer(200, AnnounceTrackerFixture.reply(1, List.of()).getBytes());

            Await.until(
                    () -> notes.stream().anyMatch(n -> n.contains("answers again")),
                    Duration.ofSeconds(10),
                    () -> "notes: " + notes);
            int masterAfter = master.queries().size();
            int regionalAfter = regional.queries().size();
            Await.until(() -> regional.queries().size() > regionalAfter, Duration.ofSeconds(10));

            assertThat(master.queries()).hasSize(masterAfter);
        }
        assertThat(notes.getFirst()).contains("failed (the tracker " + regional.announceUrl() + " answered HTTP 503)");
        assertThat(regional.queries().getLast()).contains("event=stopped");
    }

    @Test
    void skipsAFailedRegionForTheBackOffThenTriesItAgain() throws Exception {
        var tiers = tiers(authority(clock.instant().plus(1, ChronoUnit.DAYS)), Duration.ofMinutes(2));
        List<URI> tried = new ArrayList<>();
        AnnounceTiers.Call<URI> regionDown = url -> {
            tried.add(url);
            if (url.equals(regional.announceUrl())) {
                throw new IOException("down");
            }
            return url;
        };

        assertThat(tiers.<URI>announce(regionDown)).isEqualTo(master.announceUrl());
        clock.advance(Duration.ofSeconds(119));
        assertThat(tiers.<URI>announce(regionDown)).isEqualTo(master.announceUrl());
        clock.advance(Duration.ofSeconds(1));
        assertThat(tiers.<URI>announce(url -> url)).isEqualTo(regional.announceUrl());

        assertThat(tried).containsExactly(regional.announceUrl(), master.announceUrl(), master.announceUrl());
        assertThat(notes).hasSize(2);
    }

    @Test
    void neverUsesTheRegionOnceItsAuthorityExpires() throws Exception {
        var tiers = tiers(authority(clock.instant().plus(1, ChronoUnit.HOURS)), Duration.ZERO);
        assertThat(tiers.<URI>announce(url -> url)).isEqualTo(regional.announceUrl());

        clock.advance(Duration.ofHours(1));

        assertThat(tiers.<URI>announce(url -> url)).isEqualTo(master.announceUrl());
        assertThat(tiers.<URI>announce(url -> url)).isEqualTo(master.announceUrl());
        assertThat(notes).singleElement().asString().contains("is not valid now");
    }

    @Test
    void withoutAMasterTierTriesTheRegionEveryTimeAndFailsWithIt() throws Exception {
        RegionAuthority authority = authority(clock.instant().plus(1, ChronoUnit.HOURS));
        var tiers = new AnnounceTiers(() -> authority, null, clock, Duration.ofMinutes(2), notes::add);

        assertThatThrownBy(() -> tiers.announce(url -> {
                    throw new IOException("down");
                }))
                .hasMessage("down");
        assertThat(tiers.<URI>announce(url -> url)).isEqualTo(regional.announceUrl());
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> tiers.announce(url -> url))
                .hasMessage("no tracker to announce to: the master tracker was not reached in this run, and the region"
                        + " authority for eu is not valid now");
        assertThat(notes).hasSize(3);
        assertThat(notes.getFirst()).endsWith("no master tracker to announce to in this run, trying the region again");
    }

    @Test
    void batchRoundsFallBackToTheMasterAndReturnToTheRegion() throws Exception {
        regional.answerBatchStatus(500);
        master.answerBatch(request -> AnnounceTrackerFixture.batchReply(request, 1, List.of(), Set.of()));
        regional.answerBatch(request -> AnnounceTrackerFixture.batchReply(request, 1, List.of(), Set.of()));
        var tiers = tiers(authority(Instant.now().plus(1, ChronoUnit.DAYS)), Duration.ZERO);

        try (var announcer = new BatchAnnouncer(
                new BatchAnnounceClient(), new AnnounceClient(), tiers, AnnounceClientTest.PEER_ID, 7000, true)) {
            announcer.add(BatchAnnouncerTest.seed(AnnounceClientTest.INFO_HASH, new ArrayList<>()));
            announcer.start();
            assertThat(master.batches()).hasSize(1);
            assertThat(regional.batches()).isEmpty();
            assertThat(announcer.swarms()).singleElement().matches(BatchAnnouncer.SwarmState::announced);

            regional.answerBatchStatus(200);

            Await.until(() -> !regional.batches().isEmpty(), Duration.ofSeconds(10));
        }
        assertThat(notes).anyMatch(n -> n.contains("answers again"));
    }
}
