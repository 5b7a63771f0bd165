package org.ossnet.tracker.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.MembershipReport;
import org.ossnet.core.api.MembershipReport.Member;
import org.ossnet.core.api.MembershipReport.SwarmMembers;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The master's side of the membership exchange over real HTTP: a delegated region's tracker reports its peers signed
 * with its key and hears of the peers elsewhere; peers announcing to the master then hear of the region's; replayed,
 * unsigned, otherwise signed or out-of-region reports are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MembershipExchangeIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String ADMIN = "admin-token-membership-0123456789abc";
    static final SigningKey TRACKER = SigningKey.generate("Regional tracker <eu@localhost>");
    static final HttpClient HTTP = HttpClient.newHttpClient();

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
    void exchangesPeersWithADelegatedRegionsTrackerAndRefusesWhatItMustNot(@TempDir Path tree) throws Exception {
        RegionRequests.put(APP, ADMIN, "/api/v1/regions/eu", Map.of("prefixes", List.of("127.41.0.0/16")));
        RegionRequests.put(APP, ADMIN, "/api/v1/regions/na", Map.of("prefixes", List.of("127.42.0.0/16")));
        RegionRequests.put(
                APP,
                ADMIN,
                "/api/v1/regions/eu/delegation",
                Map.of(
                        "trackers", List.of("http://127.41.0.1:8083/"),
                        "announce", List.of("http://127.41.0.1:8083/announce"),
                        "trackerPublicKey", TRACKER.publicKey().armored()));
        HttpResponse<String> published = Publications.publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                Publications.request(tree, APP.collection("members"), null, null, null, Map.of("f", new byte[7_000])));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        InfoHash swarm = InfoHash.fromHex(JSON.readTree(
                        Publications.get(APP.url().resolve("/ns/members/f")).body())
                .get("infoHash")
                .asString());
        RegionRequests.awaitAnnounceable(APP, swarm);
        // A seed in na announces to the master itself.
        RegionRequests.announce(APP, "127.42.0.1", swarm, 1, 0);

        MembershipReport first = report(1, swarm, new Member(peerId(2), "127.41.0.2", 6002, false));
        HttpResponse<String> answered = post("eu", first, TRACKER);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        JsonNode peers = JSON.readTree(answered.body()).get("swarms").get(0).get("peers");
        assertThat(peers).hasSize(1);
        assertThat(peers.get(0).get("address").asString()).isEqualTo("127.42.0.1");
        assertThat(peers.get(0).get("seed").asBoolean()).isTrue();

        // A leecher in na asking the master now hears of eu's peer too.
        assertThat(RegionRequests.peers(RegionRequests.announce(APP, "127.42.0.9", swarm, 9, 100, 10)))
                .containsExactlyInAnyOrder("127.42.0.1", "127.41.0.2");

        assertThat(post("eu", first, TRACKER).statusCode()).as("a replay").isEqualTo(409);
        assertThat(post("eu", report(2, swarm), SigningKey.generate("Impostor <x@localhost>"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("eu", report(3, swarm), null).statusCode()).isEqualTo(403);
        HttpResponse<String> outside =
                post("eu", report(4, swarm, new Member(peerId(5), "127.42.0.5", 1, true)), TRACKER);
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(outside.body()).get("field").asString()).isEqualTo("swarms[0].peers[0].address");
        assertThat(post("na", report(5, swarm), TRACKER).statusCode())
                .as("na is not delegated")
                .isEqualTo(404);

        // eu's next report no longer lists its peer: the master forgets it.
        assertThat(post("eu", report(6, swarm), TRACKER).statusCode()).isEqualTo(200);
        assertThat(RegionRequests.peers(RegionRequests.announce(APP, "127.42.0.9", swarm, 9, 100, 10)))
                .containsExactly("127.42.0.1");
        String metrics = new String(
                Publications.get(APP.url().resolve("/actuator/prometheus")).body());
        assertThat(metrics)
                .contains(
                        "ossnet_tracker_region_membership_total{outcome=\"accepted\",region=\"eu\",service=\"tracker-service\"} 2.0")
                .contains(
                        "ossnet_tracker_region_membership_total{outcome=\"refused\",region=\"eu\",service=\"tracker-service\"} 4.0");
    }

    static MembershipReport report(long sequence, InfoHash swarm, Member... members) {
        return new MembershipReport("eu", 1, sequence, List.of(new SwarmMembers(swarm.toHex(), List.of(members))));
    }

    static String peerId(int n) {
        return String.format("%040x", n);
    }

    static HttpResponse<String> post(String region, MembershipReport report, SigningKey signer) throws Exception {
        byte[] body = JSON.writeValueAsBytes(report);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(APP.url() + "/api/v1/regions/" + region + "/membership"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signer != null) {
            request.header(
                    "Ossnet-Signature",
                    Base64.getEncoder().encodeToString(signer.sign(body).getBytes(StandardCharsets.US_ASCII)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
