package org.ossnet.tracker.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.announce.AnnounceRequests.HTTP;
import static org.ossnet.tracker.announce.AnnounceRequests.announce;
import static org.ossnet.tracker.announce.AnnounceRequests.awaitAnnounceable;
import static org.ossnet.tracker.announce.AnnounceRequests.bytes;
import static org.ossnet.tracker.announce.AnnounceRequests.failure;
import static org.ossnet.tracker.announce.AnnounceRequests.get;
import static org.ossnet.tracker.announce.AnnounceRequests.integer;
import static org.ossnet.tracker.announce.AnnounceRequests.port;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.TorrentBuilder;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class AnnounceIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();

    @TempDir
    Path tree;

    @Autowired
    MeterRegistry meters;

    @Autowired
    HealthContributorRegistry health;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.swarm-refresh", () -> "100ms");
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    /** Where announces go: the servlet on the main port, or the dedicated listener; both give the same replies. */
    record Endpoint(String name, URI base) {

        static final Endpoint SERVLET_ONLY = new Endpoint("servlet", APP.url());

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(Endpoint.SERVLET_ONLY, new Endpoint("listener", APP.announceListenerUrl()));
    }

    /** Publishes one random file in its own collection (one per endpoint) and returns its swarm. */
    InfoHash publishFile(Endpoint endpoint, String mount, Instant embargoUntil) throws Exception {
        mount = mount + "-" + endpoint.name();
        byte[] content = new byte[100_000];
        new Random(mount.hashCode()).nextBytes(content);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("file.bin", content);
        Path root = tree.resolve(mount);
        var request = Publications.request(
                root, "ossnet://127.0.0.1:" + APP.port() + "/" + mount, null, null, embargoUntil, files);
        HttpResponse<String> response = Publications.publish(APP.url(), TrackerUnderTest.TOKEN, request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TorrentBuilder.forFile(root.resolve("file.bin")).build().infoHash();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void tracksAPublishedFileThroughStartedCompletedAndStopped(Endpoint endpoint) throws Exception {
        URI base = endpoint.base();
        InfoHash swarm = publishFile(endpoint, "it/lifecycle", null);
        awaitAnnounceable(APP.url(), swarm);

        BDictionary seed = announce(base, swarm, 1, "&left=0&event=started");
        assertThat(failure(seed)).isNull();
        assertThat(integer(seed, "interval")).isBetween(27 * 60L, 33 * 60L);
        assertThat(integer(seed, "min interval")).isEqualTo(300);

        BDictionary leecher = announce(base, swarm, 2, "&left=100000&event=started&compact=1");
        assertThat(integer(leecher, "complete")).isEqualTo(1);
        assertThat(integer(leecher, "incomplete")).isEqualTo(1);
        assertThat(bytes(leecher, "peers")).containsExactly(127, 0, 0, 1, 0x1b, 0x59); // 7001

        BDictionary completed = announce(base, swarm, 2, "&left=0&event=completed");
        assertThat(integer(completed, "complete")).isEqualTo(2);
        assertThat(integer(completed, "downloaded")).isEqualTo(1);

        BDictionary stopped = announce(base, swarm, 2, "&left=0&event=stopped");
        assertThat(integer(stopped, "complete")).isEqualTo(1);
        assertThat(bytes(stopped, "peers")).isEmpty();

        HttpResponse<byte[]> scrape = get(base, "/scrape?info_hash=" + swarm.toPercentEncoded());
        BDictionary files = (BDictionary) Bencode.decodeDictionary(scrape.body(), BencodeLimits.DEFAULT)
                .get("files")
                .orElseThrow();
        BDictionary counts = (BDictionary) files.get(BString.of(swarm.bytes())).orElseThrow();
        assertThat(integer(counts, "complete")).isEqualTo(1);
        assertThat(integer(counts, "incomplete")).isZero();
        assertThat(integer(counts, "downloaded")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void honoursNumwantAndNeverHandsOutUploadOffPeers(Endpoint endpoint) throws Exception {
        URI base = endpoint.base();
        InfoHash swarm = publishFile(endpoint, "it/numwant", null);
        awaitAnnounceable(APP.url(), swarm);
        for (int peer = 1; peer <= 5; peer++) {
            announce(base, swarm, peer, "&left=0&event=started");
        }
        announce(base, swarm, 6, "&left=0&event=started&ossnet_upload=0");
        BDictionary two = announce(base, swarm, 9, "&left=5&numwant=2");
        assertThat(bytes(two, "peers")).hasSize(12);
        BDictionary all = announce(base, swarm, 9, "&left=5&numwant=200");
        assertThat(integer(all, "complete")).isEqualTo(6);
        byte[] peers = bytes(all, "peers");
        assertThat(peers).hasSize(5 * 6);
        for (int i = 0; i < 5; i++) {
            assertThat(port(peers, i, 6)).isNotEqualTo(7006).isNotEqualTo(7009);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void takesThePeerAddressFromTheSocketNotFromIpOrForwardedFor(Endpoint endpoint) throws Exception {
        URI base = endpoint.base();
        InfoHash swarm = publishFile(endpoint, "it/address", null);
        awaitAnnounceable(APP.url(), swarm);
        announce(base, swarm, 1, "&left=0&ip=203.0.113.9", "X-Forwarded-For", "198.51.100.7");
        BDictionary reply = announce(base, swarm, 2, "&left=5");
        assertThat(bytes(reply, "peers")).containsExactly(127, 0, 0, 1, 0x1b, 0x59);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void handsOutIpv6PeersAsPeers6(Endpoint endpoint) throws Exception {
        URI base = endpoint.base();
        InfoHash swarm = publishFile(endpoint, "it/ipv6", null);
        awaitAnnounceable(APP.url(), swarm);
        URI v6 = URI.create("http://[::1]:" + base.getPort());
        BDictionary seed = announce(v6, swarm, 1, "&left=0&event=started");
        assertThat(failure(seed)).isNull();
        BDictionary leecher = announce(base, swarm, 2, "&left=5&event=started");
        byte[] expected = new byte[18];
        expected[15] = 1;
        expected[16] = 0x1b;
        expected[17] = 0x59;
        assertThat(bytes(leecher, "peers6")).isEqualTo(expected);
        assertThat(bytes(leecher, "peers")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void refusesUnknownAndEmbargoedSwarmsAndInvalidQueriesWithAFailureReason(Endpoint endpoint) throws Exception {
        URI base = endpoint.base();
        InfoHash embargoed = publishFile(endpoint, "it/embargoed", Instant.now().plus(Duration.ofDays(1)));
        // Once a later publish is announceable, the tracker has considered the embargoed one too.
        awaitAnnounceable(APP.url(), publishFile(endpoint, "it/after-embargoed", null));
        assertThat(failure(announce(base, embargoed, 1, "&left=0"))).isEqualTo("unknown swarm");
        InfoHash unknown = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
        assertThat(failure(announce(base, unknown, 1, "&left=0"))).isEqualTo("unknown swarm");
        assertThat(failure(announce(base, unknown, 1, "&left=-1"))).startsWith("left:");
        HttpResponse<byte[]> bare = get(base, "/announce");
        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(new String(bare.body(), StandardCharsets.UTF_8)).isEqualTo("d14:failure reason14:query: missinge");
    }

    @Test
    void handsOutTheListenersAnnounceUrlInDiscoveryTorrentsAndMagnets() throws Exception {
        String listener = APP.announceListenerUrl() + "/announce";
        Discovery discovery = Publications.JSON.readValue(
                Publications.get(APP.url().resolve("/.well-known/ossnet.json")).body(), Discovery.class);
        assertThat(discovery.announce()).hasToString(listener);
        publishFile(Endpoint.SERVLET_ONLY, "it/links", null);
        NsEntry entry = Publications.JSON.readValue(
                Publications.get(APP.url().resolve("/ns/it/links-servlet/file.bin"))
                        .body(),
                NsEntry.class);
        Metainfo torrent = Metainfo.parse(Publications.get(entry.torrent()).body());
        assertThat(torrent.announce()).hasValue(listener);
        assertThat(entry.magnet()).contains("tr=" + URLEncoder.encode(listener, StandardCharsets.UTF_8));
    }

    @Test
    void showsTheListenerInHealthAndReadiness() throws Exception {
        // Readiness names announceListener as a member: start-up fails if no such contributor exists.
        HttpResponse<byte[]> readiness = get(APP.url(), "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        HealthIndicator indicator = (HealthIndicator) health.getContributor("announceListener");
        Health listener = indicator.health();
        assertThat(listener.getStatus()).isEqualTo(Status.UP);
        assertThat(listener.getDetails())
                .containsEntry("port", APP.announceListenerUrl().getPort())
                .as("epoll where the runtime has the foreign-function API and the tests grant native access")
                .containsEntry("sockets", Runtime.version().feature() >= 22 ? "epoll" : "nio");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void countsAnnouncesByOutcomeButLeavesThemOutOfHttpServerRequests(Endpoint endpoint) throws Exception {
        URI base = endpoint.base();
        InfoHash unknown = InfoHash.fromHex("89abcdef0123456789abcdef0123456789abcdef");
        double refusedBefore = refusedAnnounces();
        long observedBefore = httpServerRequests();
        announce(base, unknown, 1, "&left=0");
        get(base, "/scrape?info_hash=" + unknown.toPercentEncoded());
        assertThat(refusedAnnounces()).isEqualTo(refusedBefore + 1);
        assertThat(httpServerRequests()).isEqualTo(observedBefore);
        get(APP.url(), "/actuator/health");
        assertThat(httpServerRequests())
                .as("other endpoints are still observed")
                .isEqualTo(observedBefore + 1);
    }

    double refusedAnnounces() {
        return meters.get("ossnet.announce.requests")
                .tag("outcome", "refused")
                .counter()
                .count();
    }

    long httpServerRequests() {
        return meters.find("http.server.requests").timers().stream()
                .mapToLong(timer -> timer.count())
                .sum();
    }

    @Test
    void batchAnnouncesManySwarmsForOnePeer() throws Exception {
        InfoHash first = publishFile(Endpoint.SERVLET_ONLY, "it/batch-a", null);
        InfoHash second = publishFile(Endpoint.SERVLET_ONLY, "it/batch-b", null);
        awaitAnnounceable(APP.url(), second);
        announce(APP.url(), first, 1, "&left=0");
        byte[] body = Bencode.encode(BDictionary.builder()
                .put("peer_id", "-OS0001-batchbatchba")
                .put("port", 7100)
                .put(
                        "announces",
                        BList.of(
                                entry(first, 10),
                                entry(second, 0),
                                entry(InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff"), 0)))
                .build());
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(APP.url().resolve("/announce/batch"))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        BList swarms = (BList) Bencode.decodeDictionary(response.body(), BencodeLimits.DEFAULT)
                .get("swarms")
                .orElseThrow();
        BDictionary a = (BDictionary) swarms.values().get(0);
        assertThat(integer(a, "complete")).isEqualTo(1);
        assertThat(integer(a, "incomplete")).isEqualTo(1);
        assertThat(bytes(a, "peers")).hasSize(6);
        assertThat(integer((BDictionary) swarms.values().get(1), "complete")).isEqualTo(1);
        assertThat(failure((BDictionary) swarms.values().get(2))).isEqualTo("unknown swarm");
    }

    static BDictionary entry(InfoHash hash, long left) {
        return BDictionary.builder()
                .put("info_hash", hash.toHex())
                .put("event", "started")
                .put("left", left)
                .put("uploaded", 0)
                .put("downloaded", 0)
                .build();
    }
}
