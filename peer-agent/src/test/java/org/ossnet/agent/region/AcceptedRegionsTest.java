package org.ossnet.agent.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import tools.jackson.databind.json.JsonMapper;

class AcceptedRegionsTest {

    @TempDir
    Path state;

    private TrackerFixture tracker;

    @BeforeEach
    void start() throws Exception {
        tracker = TrackerFixture.start();
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void keepsTheNewestAuthorityPerRegionAcrossInstances() throws Exception {
        var first = new AcceptedRegions(state.resolve("regions.json"));
        first.record(RegionFixtures.authority(tracker, "eu", 7, tracker, RegionFixtures.nextWeek()));
        first.record(RegionFixtures.authority(tracker, "eu", 3, tracker, RegionFixtures.nextWeek()));
        first.record(RegionFixtures.authority(
                tracker.publisher(), "na", 1, "10.0.0.0/8", tracker, RegionFixtures.nextWeek()));

        var second = new AcceptedRegions(state.resolve("regions.json"));

        assertThat(second.get(tracker.publisher(), "eu").orElseThrow().version())
                .isEqualTo(7);
        assertThat(second.all(tracker.publisher())).hasSize(2);
        assertThat(second.all("other.example.org")).isEmpty();
    }

    @Test
    void refusesToForgetADamagedFile() throws Exception {
        Files.writeString(state.resolve("regions.json"), "{\"format\":1,\"publishers\":{\"a\":{\"eu\":\"{}\"}}}");

        assertThatThrownBy(() -> new AcceptedRegions(state.resolve("regions.json")).get("a", "eu"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("damaged region authority");
    }

    @Test
    void listsThePublishersRegionsTheLastAcceptedFirst() throws Exception {
        var regions = new AcceptedRegions(state.resolve("regions.json"));
        regions.record(RegionFixtures.authority(
                tracker.publisher(), "na", 1, "10.0.0.0/8", tracker, RegionFixtures.nextWeek()));
        regions.record(RegionFixtures.authority(tracker, "eu", 1, tracker, RegionFixtures.nextWeek()));
        regions.record(RegionFixtures.authority(
                tracker.publisher(), "ap", 1, "11.0.0.0/8", tracker, RegionFixtures.nextWeek()));
        regions.record(RegionFixtures.authority(tracker, "eu", 2, tracker, RegionFixtures.nextWeek()));

        assertThat(regions.accepted(tracker.publisher()).stream()
                        .map(a -> a.authority().region() + a.authority().version()))
                .containsExactly("eu2", "ap1", "na1");
    }

    @Test
    void readsAFileWrittenBeforeAcceptanceTimesWereKept() throws Exception {
        RegionAuthority eu = RegionFixtures.authority(tracker, "eu", 1, tracker, RegionFixtures.nextWeek());
        String canonical = new String(RegionAuthorityCodec.encode(eu), StandardCharsets.UTF_8);
        Files.write(
                state.resolve("regions.json"),
                JsonMapper.builder()
                        .build()
                        .writeValueAsBytes(Map.of(
                                "format", 1, "publishers", Map.of(tracker.publisher(), Map.of("eu", canonical)))));

        assertThat(new AcceptedRegions(state.resolve("regions.json")).accepted(tracker.publisher()))
                .containsExactly(new AcceptedRegions.Accepted(eu, Instant.EPOCH));
    }
}
