package org.ossnet.tracker.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityVerifier;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.tracker.FromAddress;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Delegated regions over real HTTP against a real PostgreSQL and a real signing key: the tracker issues the region
 * authority, serves it with its signature, issues it again when the region changes, refers clients inside the region
 * to their tracker in discovery and torrents, and nobody outside.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RegionDelegationIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String ADMIN = "admin-token-delegation-0123456789abcd";
    /** The regional tracker's own key. */
    static final SigningKey TRACKER = SigningKey.generate("Regional tracker <eu@localhost>");

    static final String KEY = TRACKER.publicKey().armored();
    /** Requests from 127.0.0.1 come from inside region "home"; 127.0.0.3 is in no region. */
    static final String OUTSIDE = "127.0.0.3";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.bootstrap-admin-token", () -> ADMIN);
    }

    @AfterAll
    static void stop() {
        APP.close();
    }

    static HttpResponse<String> send(String method, String path, Object body) throws Exception {
        return Publications.send(APP.url(), method, path, ADMIN, body);
    }

    static Map<String, Object> delegation(String region) {
        return Map.of(
                "trackers", List.of("http://127.0.0.1:9" + region.length() + "00/"),
                "announce", List.of("http://127.0.0.1:9" + region.length() + "01/announce"),
                "trackerPublicKey", KEY);
    }

    static RegionAuthorityVerifier verifier() {
        return new RegionAuthorityVerifier(
                new SignatureVerifier(List.of(APP.signing().key().publicKey())),
                APP.url().getAuthority(),
                Clock.systemUTC());
    }

    /** The region's current authority as served, verified with the publisher's key. */
    static RegionAuthority served(String region) throws Exception {
        HttpResponse<byte[]> document = Publications.get(APP.url().resolve("/regions/" + region + "/authority.json"));
        assertThat(document.statusCode()).isEqualTo(200);
        String version =
                document.headers().firstValue("Ossnet-Authority-Version").orElseThrow();
        HttpResponse<byte[]> signature =
                Publications.get(APP.url().resolve("/regions/" + region + "/authority.json.asc?version=" + version));
        assertThat(signature.statusCode()).isEqualTo(200);
        RegionAuthority authority = verifier().verify(document.body(), signature.body(), region);
        assertThat(authority.version()).isEqualTo(Long.parseLong(version));
        return authority;
    }

    @Test
    void issuesASignedAuthorityForADelegatedRegionAndIssuesItAgainWhenTheRegionChanges() throws Exception {
        assertThat(send("PUT", "/api/v1/regions/west", Map.of("prefixes", List.of("127.5.0.0/16")))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send("PUT", "/api/v1/regions/east", Map.of("prefixes", List.of("127.6.0.0/16")))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send(
                                "PUT",
                                "/api/v1/region-costs",
                                Map.of(
                                        "defaultCost",
                                        9,
                                        "costs",
                                        List.of(Map.of("from", "east", "to", "west", "cost", 4))))
                        .statusCode())
                .isEqualTo(200);
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> put = send("PUT", "/api/v1/regions/west/delegation", delegation("west"));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        RegionAuthority first = served("west");
        assertThat(put.body())
                .isEqualTo(
                        new String(org.ossnet.core.region.RegionAuthorityCodec.encode(first), StandardCharsets.UTF_8));
        assertThat(first.prefixes()).containsExactly(Cidr.parse("127.5.0.0/16"));
        assertThat(first.trackers()).containsExactly(URI.create("http://127.0.0.1:9400/"));
        assertThat(first.announce()).containsExactly(URI.create("http://127.0.0.1:9401/announce"));
        assertThat(first.trackerKey()).isEqualTo(TRACKER.fingerprint());
        assertThat(first.costs()).isEqualTo(Map.of("east", 4L));
        assertThat(first.defaultCost()).isEqualTo(9);
        assertThat(first.issued()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(Duration.between(first.issued(), first.expires())).isEqualTo(Duration.ofDays(7));
        assertThat(JSON.readTree(send("GET", "/api/v1/regions/west/delegation", null)
                                .body())
                        .get("trackerPublicKey")
                        .asString())
                .isEqualTo(KEY);

        JsonNode west = null;
        for (JsonNode listed : JSON.readTree(
                        Publications.get(APP.url().resolve("/regions")).body())
                .get("regions")) {
            assertThat(listed.get("region").asString()).isNotIn("east", "bad");
            west = listed.get("region").asString().equals("west") ? listed : west;
        }
        assertThat(west).as("west is listed").isNotNull();
        assertThat(west.get("version").asLong()).isEqualTo(first.version());
        assertThat(west.get("authority").asString())
                .endsWith("/regions/west/authority.json?version=" + first.version());

        // Nothing changed: a check issues nothing new.
        assertThat(send("PUT", "/api/v1/regions/east", Map.of("prefixes", List.of("127.6.0.0/16")))
                        .statusCode())
                .isEqualTo(200);
        assertThat(served("west").version()).isEqualTo(first.version());

        // The region's prefixes change: a new version says so at once.
        send("PUT", "/api/v1/regions/west", Map.of("prefixes", List.of("127.5.0.0/16", "2001:db8:5::/48")));
        RegionAuthority second = served("west");
        assertThat(second.version()).isEqualTo(first.version() + 1);
        assertThat(second.prefixes()).containsExactly(Cidr.parse("127.5.0.0/16"), Cidr.parse("2001:db8:5::/48"));

        // So does its cost row; the older version stays servable until it expires, for clients that named it.
        send("PUT", "/api/v1/region-costs", Map.of("defaultCost", 9, "costs", List.of()));
        RegionAuthority third = served("west");
        assertThat(third.version()).isEqualTo(second.version() + 1);
        assertThat(third.costs()).isEmpty();
        assertThat(Publications.get(APP.url().resolve("/regions/west/authority.json?version=" + second.version()))
                        .statusCode())
                .isEqualTo(200);

        // Deleting the region ends the delegation; defining and delegating it again goes on from the last version,
        // since clients refuse an older one than they have seen.
        assertThat(send("DELETE", "/api/v1/regions/west", null).statusCode()).isEqualTo(204);
        assertThat(Publications.get(APP.url().resolve("/regions/west/authority.json"))
                        .statusCode())
                .isEqualTo(404);
        send("PUT", "/api/v1/regions/west", Map.of("prefixes", List.of("127.5.0.0/16")));
        assertThat(send("PUT", "/api/v1/regions/west/delegation", delegation("west"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(served("west").version()).isEqualTo(third.version() + 1);
    }

    @Test
    void refersAClientInsideADelegatedRegionToItsTrackerAndNoOneElse(@TempDir Path tree) throws Exception {
        assertThat(send("PUT", "/api/v1/regions/home", Map.of("prefixes", List.of("127.0.0.1/32")))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send("PUT", "/api/v1/regions/home/delegation", delegation("home"))
                        .statusCode())
                .isEqualTo(200);
        RegionAuthority home = served("home");

        JsonNode inside = JSON.readTree(
                Publications.get(APP.url().resolve("/.well-known/ossnet.json")).body());
        JsonNode referral = inside.get("region");
        assertThat(referral.get("region").asString()).isEqualTo("home");
        assertThat(referral.get("announce").get(0).asString()).isEqualTo("http://127.0.0.1:9401/announce");
        URI authorityUrl = URI.create(referral.get("authority").asString());
        URI signatureUrl = URI.create(referral.get("signature").asString());
        assertThat(verifier()
                        .verify(
                                Publications.get(authorityUrl).body(),
                                Publications.get(signatureUrl).body(),
                                "home"))
                .isEqualTo(home);
        JsonNode outside = JSON.readTree(FromAddress.get(OUTSIDE, APP.url().resolve("/.well-known/ossnet.json"))
                .body());
        assertThat(outside.get("region").isNull()).isTrue();
        assertThat(outside.get("announce").asString())
                .isEqualTo(inside.get("announce").asString());

        // A standard client's torrent: the regional tracker first, the master as the fallback tier.
        HttpResponse<String> published = Publications.publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                Publications.request(
                        tree, APP.collection("regional"), null, null, null, Map.of("a.bin", new byte[40_000])));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        URI torrentUrl = JSON.readValue(published.body(), PublishResponse.class)
                .snapshot()
                .resolve("files/a.bin.torrent");
        HttpResponse<byte[]> regional = Publications.get(torrentUrl);
        Metainfo regionalTorrent = Metainfo.parse(regional.body());
        assertThat(regionalTorrent.announce()).hasValue("http://127.0.0.1:9401/announce");
        assertThat(regionalTorrent.announceList())
                .containsExactly(
                        List.of("http://127.0.0.1:9401/announce"), List.of(APP.announceListenerUrl() + "/announce"));
        assertThat(regional.headers().firstValue("Cache-Control").orElseThrow()).contains("private");
        FromAddress.Raw plain = FromAddress.get(OUTSIDE, torrentUrl);
        Metainfo plainTorrent = Metainfo.parse(plain.bodyBytes());
        assertThat(plainTorrent.announce()).hasValue(APP.announceListenerUrl() + "/announce");
        assertThat(plainTorrent.announceList()).isEmpty();
        assertThat(plainTorrent.infoHash()).isEqualTo(regionalTorrent.infoHash());
    }

    @Test
    void refusesADelegationAnAuthorityCannotCarryNamingTheField() throws Exception {
        assertThat(send("PUT", "/api/v1/regions/bad", Map.of("prefixes", List.of("127.7.0.0/16")))
                        .statusCode())
                .isEqualTo(201);
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of(
                        "trackers",
                        List.of("ftp://127.0.0.1/"),
                        "announce",
                        List.of("http://h/a"),
                        "trackerPublicKey",
                        KEY),
                "trackers[0]",
                Map.of("trackers", List.of("http://h/"), "announce", List.of(), "trackerPublicKey", KEY),
                "announce",
                Map.of("trackers", List.of("http://h/"), "announce", List.of("http://h/a"), "trackerPublicKey", "abc"),
                "trackerPublicKey",
                Map.of("trackers", List.of("http://h/"), "announce", List.of("http://h/a")),
                "trackerPublicKey",
                Map.of("announce", List.of("http://h/a"), "trackerPublicKey", KEY),
                "trackers");
        for (var c : cases.entrySet()) {
            HttpResponse<String> refused = send("PUT", "/api/v1/regions/bad/delegation", c.getKey());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("field").asString()).isEqualTo(c.getValue());
        }
        assertThat(send("GET", "/api/v1/regions/bad/delegation", null).statusCode())
                .isEqualTo(404);
        assertThat(send("PUT", "/api/v1/regions/none/delegation", delegation("none"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(Publications.send(APP.url(), "PUT", "/api/v1/regions/bad/delegation", null, delegation("bad"))
                        .statusCode())
                .isEqualTo(401);
    }
}
