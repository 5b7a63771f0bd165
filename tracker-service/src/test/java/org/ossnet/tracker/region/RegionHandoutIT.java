package org.ossnet.tracker.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.tracker.FromAddress;
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
        put("/api/v1/regions/near", Map.of("prefixes", List.of("127.31.0.0/16")));
        put("/api/v1/regions/far", Map.of("prefixes", List.of("127.32.0.0/16")));
        put("/api/v1/region-costs", Map.of("defaultCost", 10, "costs", List.of()));
        HttpResponse<String> published = Publications.publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                Publications.request(tree, APP.collection("handout"), null, null, null, Map.of("f", new byte[9_000])));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        InfoHash swarm = InfoHash.fromHex(JSON.readTree(
                        Publications.get(APP.url().resolve("/ns/handout/f")).body())
                .get("infoHash")
                .asString());
        awaitAnnounceable(swarm);

        // Twenty seeds far away, two seeds and ten leechers near.
        for (int i = 1; i <= 20; i++) {
            announce("127.32.0." + i, swarm, 100 + i, 0);
        }
        for (int i = 1; i <= 2; i++) {
            announce("127.31.0." + i, swarm, 200 + i, 0);
        }
        for (int i = 11; i <= 20; i++) {
            announce("127.31.0." + i, swarm, 300 + i, 5_000);
        }

        List<String> peers = peers(announce("127.31.0.99", swarm, 999, 5_000, 8));

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
        List<String> farPeers = peers(announce("127.32.0.99", swarm, 998, 5_000, 8));
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
                .contains("ossnet_announce_region_announces_total{region=\"near\",service=\"tracker-service\"} 1.0")
                // Twenty seeds and one leecher far, two seeds and eleven leechers near.
                .contains("ossnet_announce_region_peers{region=\"far\",service=\"tracker-service\"} 21.0")
                .contains("ossnet_announce_region_peers{region=\"near\",service=\"tracker-service\"} 13.0");
    }

    static void put(String path, Object body) throws Exception {
        HttpResponse<String> response = Publications.send(APP.url(), "PUT", path, ADMIN, body);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    static BDictionary announce(String source, InfoHash swarm, int peer, long left) throws Exception {
        return announce(source, swarm, peer, left, 0);
    }

    static BDictionary announce(String source, InfoHash swarm, int peer, long left, int numwant) throws Exception {
        URI uri = URI.create(APP.announceListenerUrl() + "/announce?info_hash=" + swarm.toPercentEncoded()
                + "&peer_id=-IT0001-" + String.format("%012d", peer) + "&port=" + (7000 + peer)
                + "&uploaded=0&downloaded=0&compact=1&numwant=" + numwant + "&left=" + left
                + (left == 0 ? "&event=completed" : "&event=started"));
        BDictionary reply =
                Bencode.decodeDictionary(FromAddress.get(source, uri).bodyBytes(), BencodeLimits.DEFAULT);
        assertThat(reply.get("failure reason")).isEmpty();
        return reply;
    }

    static List<String> peers(BDictionary reply) {
        byte[] compact = ((BString) reply.get("peers").orElseThrow()).bytes();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i + 6 <= compact.length; i += 6) {
            addresses.add((compact[i] & 0xff) + "." + (compact[i + 1] & 0xff) + "." + (compact[i + 2] & 0xff) + "."
                    + (compact[i + 3] & 0xff));
        }
        return addresses;
    }

    static void awaitAnnounceable(InfoHash swarm) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            URI uri = URI.create(APP.announceListenerUrl() + "/announce?info_hash=" + swarm.toPercentEncoded()
                    + "&peer_id=-IT0001-000000000000&port=7000&uploaded=0&downloaded=0&left=1&numwant=0&event=stopped");
            BDictionary reply =
                    Bencode.decodeDictionary(FromAddress.get("127.0.0.1", uri).bodyBytes(), BencodeLimits.DEFAULT);
            if (reply.get("failure reason").isEmpty()) {
                return;
            }
            assertThat(System.nanoTime()).as("announceable within seconds").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
