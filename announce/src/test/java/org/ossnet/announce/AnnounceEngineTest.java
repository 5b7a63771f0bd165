package org.ossnet.announce;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.protocol.QueryLimits;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;

class AnnounceEngineTest {

    static final InfoHash KNOWN = InfoHash.fromHex("00112233445566778899aabbccddeeff00112233");
    static final InfoHash UNKNOWN = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
    static final byte[] V4 = {(byte) 192, 0, 2, 1};
    static final byte[] V6 = HexFormat.of().parseHex("20010db8000000000000000000000001");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InMemoryPeerStore store = new InMemoryPeerStore(10, 100, Duration.ofHours(1), System::currentTimeMillis);
    final AnnounceConfig config = new AnnounceConfig(
            Duration.ofMinutes(30),
            Duration.ofMinutes(5),
            Duration.ofMinutes(3),
            50,
            200,
            100,
            10,
            QueryLimits.DEFAULTS);
    final AnnounceEngine engine = new AnnounceEngine(
            config, Set.of(KNOWN)::contains, store, new DefaultHandoutPolicy(), new AnnounceMetrics(meters, store));

    static String query(InfoHash hash, int peer, String extra) {
        return "info_hash=" + hash.toPercentEncoded() + "&peer_id=-TS0001-" + String.format("%012d", peer) + "&port="
                + (6000 + peer) + "&uploaded=0&downloaded=0" + extra;
    }

    static BDictionary decode(byte[] reply) {
        return Bencode.decodeDictionary(reply, BencodeLimits.DEFAULT);
    }

    static long integer(BDictionary dictionary, String key) {
        return ((BInteger) dictionary.get(key).orElseThrow()).value();
    }

    static byte[] bytes(BDictionary dictionary, String key) {
        return ((BString) dictionary.get(key).orElseThrow()).bytes();
    }

    double requests(String outcome) {
        return meters.get("ossnet.announce.requests")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void answersWithCountsIntervalsAndCompactPeersAndPeers6() {
        engine.announce(query(KNOWN, 1, "&left=0&event=started"), V4);
        engine.announce(query(KNOWN, 2, "&left=0&event=started"), V6);
        BDictionary reply = decode(engine.announce(query(KNOWN, 3, "&left=10&event=started"), V4));
        assertThat(integer(reply, "complete")).isEqualTo(2);
        assertThat(integer(reply, "incomplete")).isEqualTo(1);
        assertThat(integer(reply, "downloaded")).isZero();
        assertThat(integer(reply, "interval")).isBetween(27 * 60L, 33 * 60L);
        assertThat(integer(reply, "min interval")).isEqualTo(300);
        assertThat(bytes(reply, "peers")).containsExactly(192, 0, 2, 1, 0x17, 0x71);
        ByteArrayOutputStream v6 = new ByteArrayOutputStream();
        v6.writeBytes(V6);
        v6.write(0x17);
        v6.write(0x72);
        assertThat(bytes(reply, "peers6")).isEqualTo(v6.toByteArray());
        assertThat(store.peers()).isEqualTo(3);
        assertThat(requests("ok")).isEqualTo(3);
    }

    @Test
    void answersNonCompactWithPeerIdsUnlessNoPeerId() {
        engine.announce(query(KNOWN, 1, "&left=0"), V4);
        BDictionary reply = decode(engine.announce(query(KNOWN, 2, "&left=5&compact=0"), V6));
        BDictionary peer = (BDictionary)
                ((BList) reply.get("peers").orElseThrow()).values().getFirst();
        assertThat(new String(bytes(peer, "ip"))).isEqualTo("192.0.2.1");
        assertThat(new String(bytes(peer, "peer id"))).isEqualTo("-TS0001-000000000001");
        assertThat(integer(peer, "port")).isEqualTo(6001);

        BDictionary anonymous = decode(engine.announce(query(KNOWN, 2, "&left=5&compact=0&no_peer_id=1"), V6));
        BDictionary first = (BDictionary)
                ((BList) anonymous.get("peers").orElseThrow()).values().getFirst();
        assertThat(first.containsKey("peer id")).isFalse();
    }

    @Test
    void capsNumwantAndStopsHandingOutOnStopped() {
        for (int peer = 1; peer <= 30; peer++) {
            engine.announce(query(KNOWN, peer, "&left=0"), new byte[] {10, 0, 0, (byte) peer});
        }
        assertThat(bytes(decode(engine.announce(query(KNOWN, 99, "&left=1&numwant=7"), V4)), "peers"))
                .hasSize(7 * 6);
        assertThat(bytes(decode(engine.announce(query(KNOWN, 99, "&left=1"), V4)), "peers"))
                .hasSize(30 * 6);
        assertThat(bytes(decode(engine.announce(query(KNOWN, 99, "&left=1&event=stopped"), V4)), "peers"))
                .isEmpty();
        assertThat(store.peers()).isEqualTo(30);
    }

    @Test
    void refusesUnknownSwarmsAndInvalidQueriesWithAFailureReason() {
        BDictionary unknown = decode(engine.announce(query(UNKNOWN, 1, "&left=0"), V4));
        assertThat(new String(bytes(unknown, "failure reason"))).isEqualTo("unknown swarm");
        BDictionary invalid = decode(engine.announce(query(KNOWN, 1, ""), V4));
        assertThat(new String(bytes(invalid, "failure reason"))).isEqualTo("left: missing");
        assertThat(requests("refused")).isEqualTo(1);
        assertThat(requests("invalid")).isEqualTo(1);
        assertThat(store.swarms()).isZero();
    }

    @Test
    void scrapesKnownSwarmsAndLeavesOutUnknownOnes() {
        engine.announce(query(KNOWN, 1, "&left=10&event=started"), V4);
        engine.announce(query(KNOWN, 1, "&left=0&event=completed"), V4);
        engine.announce(query(KNOWN, 2, "&left=10"), V4);
        BDictionary reply = decode(
                engine.scrape("info_hash=" + KNOWN.toPercentEncoded() + "&info_hash=" + UNKNOWN.toPercentEncoded()));
        BDictionary files = (BDictionary) reply.get("files").orElseThrow();
        assertThat(files.size()).isEqualTo(1);
        BDictionary counts = (BDictionary) files.get(BString.of(KNOWN.bytes())).orElseThrow();
        assertThat(integer(counts, "complete")).isEqualTo(1);
        assertThat(integer(counts, "incomplete")).isEqualTo(1);
        assertThat(integer(counts, "downloaded")).isEqualTo(1);
    }

    @Test
    void batchAnnouncesManySwarmsAndRefusesUnknownOnesPerEntry() {
        engine.announce(query(KNOWN, 1, "&left=0"), V6);
        byte[] body = Bencode.encode(BDictionary.builder()
                .put("peer_id", "-OS0001-aaaaaaaaaaaa")
                .put("port", 7000)
                .put("numwant", 10)
                .put("announces", BList.of(entry(KNOWN, "started", 100), entry(UNKNOWN, "started", 100)))
                .build());
        BDictionary reply = decode(engine.batch(body, V4));
        assertThat(integer(reply, "interval")).isPositive();
        BList swarms = (BList) reply.get("swarms").orElseThrow();
        BDictionary known = (BDictionary) swarms.values().get(0);
        assertThat(new String(bytes(known, "info_hash"))).isEqualTo(KNOWN.toHex());
        assertThat(integer(known, "complete")).isEqualTo(1);
        assertThat(integer(known, "incomplete")).isEqualTo(1);
        assertThat(bytes(known, "peers6")).hasSize(18);
        BDictionary unknown = (BDictionary) swarms.values().get(1);
        assertThat(new String(bytes(unknown, "failure reason"))).isEqualTo("unknown swarm");
        assertThat(new String(bytes(unknown, "info_hash"))).isEqualTo(UNKNOWN.toHex());
    }

    @Test
    void refusesAMalformedBatchAsAWhole() {
        BDictionary reply = decode(engine.batch("d4:porti1ee".getBytes(), V4));
        assertThat(new String(bytes(reply, "failure reason"))).isEqualTo("peer_id: missing or not a byte string");
    }

    static BDictionary entry(InfoHash hash, String event, long left) {
        return BDictionary.builder()
                .put("info_hash", hash.toHex())
                .put("event", event)
                .put("left", left)
                .put("uploaded", 0)
                .put("downloaded", 0)
                .build();
    }

    @Test
    void tellsTheCompletionListenerOfCompletedAnnouncesInKnownSwarmsOnly() {
        List<String> completed = new ArrayList<>();
        AnnounceEngine told = new AnnounceEngine(
                config,
                Set.of(KNOWN)::contains,
                store,
                new DefaultHandoutPolicy(),
                new AnnounceMetrics(new SimpleMeterRegistry(), store),
                (infoHash, peerId) -> completed.add(infoHash + " " + peerId));
        told.announce(query(KNOWN, 1, "&left=10&event=started"), V4);
        told.announce(query(KNOWN, 1, "&left=0&event=completed"), V4);
        told.announce(query(UNKNOWN, 2, "&left=0&event=completed"), V4);
        told.announce(query(KNOWN, 3, "&left=-1&event=completed"), V4);
        told.announce(query(KNOWN, 4, "&left=0"), V4);
        assertThat(completed)
                .containsExactly(KNOWN + " "
                        + HexFormat.of().formatHex("-TS0001-000000000001".getBytes(StandardCharsets.US_ASCII)));
    }
}
