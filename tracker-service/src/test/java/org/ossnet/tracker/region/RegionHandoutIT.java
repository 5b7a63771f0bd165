package org.ossnet.tracker.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The tracker hands out by region over real announces from real source addresses (loopback aliases 127.31/16 and
 * 127.32/16): a leecher gets its own region's peers first and, while its region has too few seeds of its own, some
 * from outside; the per-region meters count it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RegionHandoutIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String ADMIN = "admin-token-handout-0123456789abcdef";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.bootstrap-admin-token", () -> ADMIN);
        registry.add("ossnet.tracker.swarm-refresh", () -> "100ms");
    }

    @AfterAll
    static void stop() {
        APP.close();
    }

    @Test
    void handsOutTheRequestersRegionFirstKeepingSomeOutsideSeedsWhileItHasTooFew(@TempDir Path tree) throws Exception {
        RegionRequests.put(APP, ADMIN, "/api/v1/regions/near", Map.of("prefixes", List.of("127.31.0.0/16")));
        RegionRequests.put(APP, ADMIN, "/api/v1/regions/far", Map.of("prefixes", List.of("127.32.0.0/16")));
        RegionRequests.put(APP, ADMIN, "/api/v1/region-costs", Map.of("defaultCost", 10, "costs", List.of()));
        HttpResponse<String> published = Publications.publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                Publications.request(tree, APP.collection("handout"), null, null, null, Map.of("f", new byte[9_000])));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        InfoHash swarm = InfoHash.fromHex(JSON.readTree(
                        Publications.get(APP.url().resolve("/ns/handout/f")).body())
                .get("infoHash")
                .asString());
        RegionRequests.awaitAnnounceable(APP, swarm);

        // Twenty seeds far away, two seeds and ten leechers near.
        for (int i = 1; i <= 20; i++) {
            RegionRequests.announce(APP, "127.32.0." + i, swarm, 100 + i, 0);
        }
        for (int i = 1; i <= 2; i++) {
            RegionRequests.announce(APP, "127.31.0." + i, swarm, 200 + i, 0);
        }
        for (int i = 11; i <= 20; i++) {
            RegionRequests.announce(APP, "127.31.0." + i, swarm, 300 + i, 5_000);
        }

        List<String> peers = RegionRequests.peers(RegionRequests.announce(APP, "127.31.0.99", swarm, 999, 5_000, 8));

        // Near has two seeds, fewer than enough-local-seeds (4): a quarter of the eight come from far seeds, and the
        // rest from near — both near seeds and near leechers — before anything else of far.
        assertThat(peers).hasSize(8);
        assertThat(peers).contains("127.31.0.1", "127.31.0.2");
        long far = peers.stream().filter(p -> p.startsWith("127.32.")).count();
        assertThat(far).isEqualTo(2);
        assertThat(peers.stream().filter(p -> p.startsWith("127.31.") && !p.matches("127\\.31\\.0\\.[12]")))
                .as("near leechers fill the rest")
                .hasSize(4);

        // A leecher far away has seeds enough of its own and gets only its region's.
        List<String> farPeers = RegionRequests.peers(RegionRequests.announce(APP, "127.32.0.99", swarm, 998, 5_000, 8));
        assertThat(farPeers).hasSize(8).allMatch(p -> p.startsWith("127.32."));

        String metrics = new String(
                Publications.get(APP.url().resolve("/actuator/prometheus")).body());
        assertThat(metrics)
                .contains(
                        "ossnet_announce_region_handouts_total{cross=\"true\",region=\"near\",service=\"tracker-service\"} 2.0")
                .contains(
                        "ossnet_announce_region_handouts_total{cross=\"false\",region=\"near\",service=\"tracker-service\"} 6.0")
                .contains(
                        "ossnet_announce_region_handouts_total{cross=\"false\",region=\"far\",service=\"tracker-service\"} 8.0")
                // Every announce counts, also those asking for no peers: thirteen near, twenty-one far.
                .contains("ossnet_announce_region_announces_total{region=\"near\",service=\"tracker-service\"} 13.0")
                .contains("ossnet_announce_region_announces_total{region=\"far\",service=\"tracker-service\"} 21.0")
                // Twenty seeds and one leecher far, two seeds and eleven leechers near.
                .contains("ossnet_announce_region_peers{region=\"far\",service=\"tracker-service\"} 21.0")
                .contains("ossnet_announce_region_peers{region=\"near\",service=\"tracker-service\"} 13.0");
    }
}
