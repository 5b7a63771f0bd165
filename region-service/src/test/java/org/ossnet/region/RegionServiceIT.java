package org.ossnet.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityVerifier;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * region-service as a delegated tracker, against a master that speaks the tracker's public contract with really signed
 * documents and a real PostgreSQL: it installs its region's authority, replicates the snapshots, announces for their
 * swarms, relays metadata with its own tracker first in torrents, keeps serving while the master is down, refuses every
 * bad update naming why, and fails closed when its authority expires.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegionServiceIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Database DATABASE = TestPostgres.freshDatabase("region");
    static final MasterFixture MASTER;
    static final Path WORK;
    static final MasterFixture.PublishedFile FILE;
    static final int PORT = FreePorts.pick();
    static final String PASSPHRASE = "regional tracker passphrase 0123456789";

    static {
        try {
            MASTER = new MasterFixture();
            WORK = Files.createTempDirectory("region-it");
            Files.writeString(
                    WORK.resolve("publisher.asc"), MASTER.key().publicKey().armored());
            Files.writeString(WORK.resolve("tracker.key"), MASTER.tracker().exportSecretKey(PASSPHRASE.toCharArray()));
            MASTER.serveAuthority("eu", MASTER.authority("eu", 1, List.of("127.0.0.0/8")));
            MASTER.listRegion("na", MASTER.authority("na", 1, List.of("10.0.0.0/8")));
            FILE = MASTER.publish(
                    WORK,
                    "fedora/45",
                    1,
                    "region-service test payload".repeat(500).getBytes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.registerAsDataSource(registry::add);
        registry.add("server.port", () -> PORT);
        registry.add("ossnet.region.public-url", () -> base().toString());
        registry.add("ossnet.region.master-url", () -> MASTER.url().toString());
        registry.add("ossnet.region.name", () -> "eu");
        registry.add(
                "ossnet.region.publisher-key-file",
                () -> WORK.resolve("publisher.asc").toString());
        registry.add("ossnet.region.authority-refresh", () -> "500ms");
        registry.add("ossnet.region.replication-wait", () -> "1s");
        registry.add("ossnet.region.master-timeout", () -> "2s");
        registry.add(
                "ossnet.region.tracker-key-file",
                () -> WORK.resolve("tracker.key").toString());
        registry.add("ossnet.region.tracker-key-passphrase", () -> PASSPHRASE);
        registry.add("ossnet.region.exchange-interval", () -> "300ms");
    }

    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stop() {
        MASTER.close();
    }

    @Test
    @Order(1)
    void servesItsRegionUnderTheMastersAuthorityAndKeepsServingWhileTheMasterIsDown() throws Exception {
        JsonNode discovery = awaitJson("/.well-known/ossnet.json", d -> true);
        JsonNode referral = discovery.get("region");
        assertThat(referral.get("region").asString()).isEqualTo("eu");
        assertThat(discovery.get("announce").asString()).isEqualTo("http://127.0.0.1:9/announce");
        assertThat(discovery.get("tracker").asString()).isEqualTo(base() + "/");
        RegionAuthority authority = verifier()
                .verify(
                        get(URI.create(referral.get("authority").asString())).body(),
                        get(URI.create(referral.get("signature").asString())).body(),
                        "eu");
        assertThat(authority.version()).isEqualTo(1);

        // The swarm of the replicated snapshot is announceable here; any other is not.
        InfoHash swarm = FILE.torrent().infoHash();
        await(() -> failure(announce(swarm)) == null, "the replicated swarm is announceable");
        assertThat(failure(announce(InfoHash.fromHex("ab".repeat(20))))).isEqualTo("unknown swarm");

        HttpResponse<byte[]> entry = get(base().resolve(FILE.nsPath()));
        assertThat(entry.statusCode()).isEqualTo(200);
        assertThat(entry.headers().firstValue("Ossnet-Served-From")).hasValue("master");
        assertThat(entry.headers().firstValue("Cache-Control"))
                .as("the master's freshness, cut short before a release there")
                .hasValue(MasterFixture.NS_MAX_AGE);
        HttpResponse<byte[]> missing = get(base().resolve("/ns/fedora/45/no-such-file"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Cache-Control"))
                .as("a 404 kept by no cache")
                .hasValue("no-store");
        assertThat(JSON.readTree(entry.body()).get("torrent").asString())
                .as("the entry links the torrent here")
                .isEqualTo(base() + FILE.torrentPath());
        HttpResponse<byte[]> torrent = get(base().resolve(FILE.torrentPath()));
        Metainfo regional = Metainfo.parse(torrent.body());
        assertThat(regional.infoHash()).isEqualTo(swarm);
        assertThat(regional.announceList())
                .containsExactly(List.of("http://127.0.0.1:9/announce"), List.of(MASTER.url() + "/announce"));

        MASTER.setAvailable(false);
        try {
            HttpResponse<byte[]> kept = get(base().resolve(FILE.nsPath()));
            assertThat(kept.statusCode()).isEqualTo(200);
            assertThat(kept.headers().firstValue("Ossnet-Served-From")).hasValue("copy");
            assertThat(kept.body()).isEqualTo(entry.body());
            assertThat(get(base().resolve(FILE.torrentPath())).body()).isEqualTo(torrent.body());
            assertThat(get(base().resolve("/ns/fedora/45/never-asked")).statusCode())
                    .isEqualTo(503);
            assertThat(failure(announce(swarm))).isNull();
            assertThat(get(base().resolve("/.well-known/ossnet.json")).statusCode())
                    .isEqualTo(200);
        } finally {
            MASTER.setAvailable(true);
        }
    }

    @Test
    @Order(2)
    void keepsANewSnapshotsMetadataBeforeAnyClientAsksSoItServesItWhileTheMasterIsDown() throws Exception {
        MasterFixture.PublishedFile second = MASTER.publish(
                Files.createDirectories(WORK.resolve("second")),
                "fedora/46",
                2,
                "a file nobody in the region has asked for".repeat(300).getBytes());
        await(() -> failure(announce(second.torrent().infoHash())) == null, "the new snapshot's swarm is announceable");
        await(
                () -> jdbc.sql("SELECT count(*) FROM metadata_copy WHERE path = ?")
                                .param(second.torrentPath())
                                .query(Long.class)
                                .single()
                        == 1,
                "its torrent kept before any client asked");

        MASTER.setAvailable(false);
        try {
            HttpResponse<byte[]> entry = get(base().resolve(second.nsPath()));
            assertThat(entry.statusCode()).isEqualTo(200);
            assertThat(entry.headers().firstValue("Ossnet-Served-From")).hasValue("copy");
            assertThat(JSON.readTree(entry.body()).get("torrent").asString()).isEqualTo(base() + second.torrentPath());
            HttpResponse<byte[]> torrent = get(base().resolve(second.torrentPath()));
            assertThat(torrent.headers().firstValue("Ossnet-Served-From")).hasValue("copy");
            Metainfo regional = Metainfo.parse(torrent.body());
            assertThat(regional.infoHash()).isEqualTo(second.torrent().infoHash());
            assertThat(regional.announceList().getFirst()).containsExactly("http://127.0.0.1:9/announce");
            assertThat(get(base().resolve("/collections/1/snapshots/2/snapshot.json.asc"))
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            MASTER.setAvailable(true);
        }
    }

    @Test
    @Order(3)
    void refusesEveryBadUpdateNamingWhyAndKeepsTheAuthorityItHas() throws Exception {
        SigningKey other = SigningKey.generate("Not the publisher <x@localhost>");
        Instant later = Instant.now().plusSeconds(3600);
        refused(MASTER.authority(other, MASTER.publisher(), "eu", 2, List.of("127.0.0.0/8"), later), "signature");
        refused(MASTER.authority("na", 2, List.of("127.0.0.0/8")), "wrong region");
        refused(
                MASTER.authority(MASTER.key(), "debian.example.org", "eu", 2, List.of("127.0.0.0/8"), later),
                "foreign");
        refused(
                MASTER.authority(MASTER.key(), MASTER.publisher(), "eu", 2, List.of("127.0.0.0/8"), Instant.now()),
                "expired");
        refused(MASTER.authority("eu", 2, List.of("127.0.0.0/8", "10.1.0.0/16")), "overlap");

        MASTER.serveAuthority("eu", MASTER.authority("eu", 3, List.of("127.0.0.0/8", "192.0.2.0/24")));
        await(() -> health().path("details").path("version").asLong() == 3, "version 3 installed");
        refused(MASTER.authority("eu", 2, List.of("127.0.0.0/8")), "rollback");
        MASTER.serveAuthority("eu", MASTER.authority("eu", 3, List.of("127.0.0.0/8", "192.0.2.0/24")));
    }

    @Test
    @Order(4)
    void failsClosedWhenItsAuthorityExpiresAndRecoversWithAFreshOne() throws Exception {
        MASTER.serveAuthority(
                "eu",
                MASTER.authority(
                        MASTER.key(),
                        MASTER.publisher(),
                        "eu",
                        4,
                        List.of("127.0.0.0/8"),
                        Instant.now().plusSeconds(4)));
        await(() -> health().path("details").path("version").asLong() == 4, "version 4 installed");
        MASTER.serveAuthority(
                "eu",
                MASTER.authority(
                        MASTER.key(),
                        MASTER.publisher(),
                        "eu",
                        4,
                        List.of("127.0.0.0/8"),
                        Instant.now().plusSeconds(4)));
        MASTER.setAvailable(false);
        try {
            await(() -> health().path("status").asString().equals("DOWN"), "the expired authority fails closed");
            assertThat(health().path("details").path("reason").asString()).contains("expired");
            assertThat(failure(announce(FILE.torrent().infoHash()))).isEqualTo("unknown swarm");
            assertThat(get(base().resolve("/.well-known/ossnet.json")).statusCode())
                    .isEqualTo(503);
            assertThat(get(base().resolve(FILE.nsPath())).statusCode()).isEqualTo(503);
        } finally {
            MASTER.setAvailable(true);
        }
        MASTER.serveAuthority("eu", MASTER.authority("eu", 5, List.of("127.0.0.0/8")));
        await(() -> health().path("details").path("version").asLong() == 5, "a fresh authority is installed");
        assertThat(failure(announce(FILE.torrent().infoHash()))).isNull();
    }

    @Test
    @Order(5)
    void reportsItsRegionsPeersToTheMasterSignedAndHandsOutThePeersOfOtherRegionsItHearsOf() throws Exception {
        InfoHash swarm = FILE.torrent().infoHash();
        String hex = swarm.toHex();
        MASTER.answerMembership(JSON.writeValueAsBytes(java.util.Map.of(
                "region",
                "",
                "authorityVersion",
                0,
                "sequence",
                0,
                "swarms",
                List.of(java.util.Map.of(
                        "infoHash",
                        hex,
                        "peers",
                        List.of(java.util.Map.of(
                                "peerId", "ab".repeat(20), "address", "10.9.0.1", "port", 6881, "seed", true)))))));
        int before = MASTER.reports().size();
        // A leecher of the region (127.0.0.1 is inside 127.0.0.0/8) announces here.
        announce(swarm, 5_000);

        await(
                () -> MASTER.reports().stream()
                        .skip(before)
                        .map(body -> new String(body, java.nio.charset.StandardCharsets.UTF_8))
                        .anyMatch(body -> body.contains(hex) && body.contains("\"address\":\"127.0.0.1\"")),
                "a signed report naming the region's leecher");
        JsonNode report = JSON.readTree(MASTER.reports().getLast());
        assertThat(report.get("region").asString()).isEqualTo("eu");
        long last = 0;
        for (byte[] body : MASTER.reports()) {
            long sequence = JSON.readTree(body).get("sequence").asLong();
            assertThat(sequence).as("sequences only increase").isGreaterThan(last);
            last = sequence;
        }
        await(
                () -> peers(announce(swarm, 5_000)).contains("10.9.0.1"),
                "the master's peer of another region handed out");
        String metrics = new String(get(base().resolve("/actuator/prometheus")).body());
        assertThat(metrics)
                .containsPattern("ossnet_region_membership_total\\{outcome=\"sent\",service=\"region-service\"} [1-9]");
    }

    static List<String> peers(BDictionary reply) {
        byte[] compact = ((BString) reply.get("peers").orElseThrow()).bytes();
        List<String> addresses = new java.util.ArrayList<>();
        for (int i = 0; i + 6 <= compact.length; i += 6) {
            addresses.add((compact[i] & 0xff) + "." + (compact[i + 1] & 0xff) + "." + (compact[i + 2] & 0xff) + "."
                    + (compact[i + 3] & 0xff));
        }
        return addresses;
    }

    /** Serves {@code bad} and waits for region-service to refuse it, naming {@code problem}; the installed one stays. */
    static void refused(MasterFixture.Signed bad, String problem) throws Exception {
        long before = health().path("details").path("version").asLong();
        MASTER.serveAuthority("eu", bad);
        await(
                () -> health().path("details").path("lastRefusal").asString().contains("(" + problem + ")"),
                "refused as " + problem);
        JsonNode health = health();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("details").path("version").asLong()).isEqualTo(before);
    }

    static JsonNode health() {
        try {
            return JSON.readTree(
                    get(base().resolve("/actuator/health/regionAuthority")).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static BDictionary announce(InfoHash swarm) throws Exception {
        return announce(swarm, 0);
    }

    static BDictionary announce(InfoHash swarm, long left) throws Exception {
        HttpResponse<byte[]> response = get(URI.create(base() + "/announce?info_hash=" + swarm.toPercentEncoded()
                + "&peer_id=-IT0001-000000000001&port=7001&uploaded=0&downloaded=0&compact=1&left=" + left));
        assertThat(response.statusCode()).isEqualTo(200);
        return Bencode.decodeDictionary(response.body(), BencodeLimits.DEFAULT);
    }

    static String failure(BDictionary reply) {
        return reply.get("failure reason").map(v -> ((BString) v).asUtf8()).orElse(null);
    }

    static RegionAuthorityVerifier verifier() {
        return new RegionAuthorityVerifier(
                new SignatureVerifier(List.of(MASTER.key().publicKey())), MASTER.publisher(), Clock.systemUTC());
    }

    static JsonNode awaitJson(String path, Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<byte[]> response = get(base().resolve(path));
            if (response.statusCode() == 200 && ready.test(JSON.readTree(response.body()))) {
                return JSON.readTree(response.body());
            }
            assertThat(System.nanoTime()).as(path + " ready within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as(what + " within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static URI base() {
        return URI.create("http://127.0.0.1:" + PORT);
    }
}
