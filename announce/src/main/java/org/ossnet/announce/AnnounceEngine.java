package org.ossnet.announce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerstore.PeerAnnounce;
import org.ossnet.announce.peerstore.PeerStore;
import org.ossnet.announce.peerstore.SwarmCounts;
import org.ossnet.announce.protocol.AnnounceRequest;
import org.ossnet.announce.protocol.BatchDecoder;
import org.ossnet.announce.protocol.BatchEntry;
import org.ossnet.announce.protocol.BatchRequest;
import org.ossnet.announce.protocol.BencodeWriter;
import org.ossnet.announce.protocol.Event;
import org.ossnet.announce.protocol.InvalidAnnounceException;
import org.ossnet.announce.protocol.QueryParser;
import org.ossnet.announce.protocol.ScrapeRequest;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * The announce handler: turns a raw announce, scrape or batch announce into the bencoded body to
 * send with HTTP 200. It never throws for bad input: a refusal is a bencoded {@code failure reason},
 * as BitTorrent clients expect. It knows nothing of HTTP; the caller supplies the peer's address.
 */
public final class AnnounceEngine {

    static final String UNKNOWN_SWARM = "unknown swarm";
    static final String NO_ROOM = "tracker is full, try again later";

    private final AnnounceConfig config;
    private final SwarmRegistry registry;
    private final PeerStore store;
    private final HandoutPolicy policy;
    private final AnnounceMetrics metrics;

    /** An engine over the given parts. */
    public AnnounceEngine(
            AnnounceConfig config,
            SwarmRegistry registry,
            PeerStore store,
            HandoutPolicy policy,
            AnnounceMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.policy = policy;
        this.metrics = metrics;
    }

    /**
     * Answers {@code GET /announce?<query>}.
     *
     * @param query the raw query string, not decoded
     * @param address the peer's normalised address, 4 or 16 bytes
     */
    public byte[] announce(String query, byte[] address) {
        AnnounceRequest request;
        try {
            request = QueryParser.parseAnnounce(query, config.limits());
        } catch (InvalidAnnounceException e) {
            metrics.invalid();
            return failure(e.getMessage());
        }
        if (!registry.isKnown(request.infoHash())) {
            metrics.refused();
            return failure(UNKNOWN_SWARM);
        }
        int numwant = numwant(request.numwant(), request.event());
        PeerReply peers = new PeerReply(numwant, request.compact(), request.noPeerId());
        PeerAnnounce announce = new PeerAnnounce(
                PeerId.wrap(request.peerId()),
                address,
                request.port(),
                request.left(),
                request.event(),
                request.uploadOff());
        SwarmCounts counts = store.announce(request.infoHash(), announce, numwant, policy, peers);
        if (counts == SwarmCounts.NO_ROOM) {
            metrics.refused();
            return failure(NO_ROOM);
        }
        metrics.ok();
        BencodeWriter out = new BencodeWriter(128 + numwant * 6);
        out.dictionary();
        writeCounts(out, counts);
        writeIntervals(out);
        peers.writeTo(out);
        return out.end().toByteArray();
    }

    /** Answers {@code GET /scrape?<query>}: counts of the known swarms asked about; unknown ones are left out. */
    public byte[] scrape(String query) {
        ScrapeRequest request;
        try {
            request = QueryParser.parseScrape(query, config.limits());
        } catch (InvalidAnnounceException e) {
            return failure(e.getMessage());
        }
        TreeMap<byte[], SwarmCounts> files = new TreeMap<>(Arrays::compareUnsigned);
        for (InfoHash hash : request.infoHashes()) {
            if (registry.isKnown(hash)) {
                files.put(hash.bytes(), store.counts(hash));
            }
        }
        BencodeWriter out = new BencodeWriter(32 + files.size() * 80);
        out.dictionary().string("files").dictionary();
        files.forEach((hash, counts) -> {
            out.bytes(hash).dictionary();
            writeCounts(out, counts);
            out.end();
        });
        return out.end().end().toByteArray();
    }

    /** Answers {@code POST /announce/batch}: one reply per swarm, in the order asked (docs/API.md). */
    public byte[] batch(byte[] body, byte[] address) {
        BatchRequest request;
        try {
            request = BatchDecoder.decode(body, config.limits());
        } catch (InvalidAnnounceException e) {
            metrics.invalid();
            return failure(e.getMessage());
        }
        List<byte[]> replies = new ArrayList<>(request.entries().size());
        for (BatchEntry entry : request.entries()) {
            replies.add(batchEntry(request, entry, address));
        }
        BencodeWriter out =
                new BencodeWriter(64 + replies.stream().mapToInt(r -> r.length).sum());
        out.dictionary();
        writeIntervals(out);
        out.string("swarms").list();
        replies.forEach(out::rawValue);
        return out.end().end().toByteArray();
    }

    private byte[] batchEntry(BatchRequest request, BatchEntry entry, byte[] address) {
        String hex = entry.infoHash().toHex();
        if (!registry.isKnown(entry.infoHash())) {
            metrics.refused();
            return entryFailure(UNKNOWN_SWARM, hex);
        }
        int numwant = numwant(request.numwant(), entry.event());
        PeerReply peers = new PeerReply(numwant, true, true);
        PeerAnnounce announce = new PeerAnnounce(
                PeerId.wrap(request.peerId().clone()),
                address,
                request.port(),
                entry.left(),
                entry.event(),
                request.uploadOff());
        SwarmCounts counts = store.announce(entry.infoHash(), announce, numwant, policy, peers);
        if (counts == SwarmCounts.NO_ROOM) {
            metrics.refused();
            return entryFailure(NO_ROOM, hex);
        }
        metrics.ok();
        BencodeWriter out = new BencodeWriter(160 + numwant * 6);
        out.dictionary();
        writeCounts(out, counts);
        out.string("info_hash").string(hex);
        peers.writeTo(out);
        return out.end().toByteArray();
    }

    /** A bencoded refusal: {@code d14:failure reason<n>:<reason>e}. */
    public static byte[] failure(String reason) {
        return new BencodeWriter(32 + reason.length())
                .dictionary()
                .string("failure reason")
                .text(reason)
                .end()
                .toByteArray();
    }

    private static byte[] entryFailure(String reason, String hex) {
        return new BencodeWriter(96)
                .dictionary()
                .string("failure reason")
                .text(reason)
                .string("info_hash")
                .string(hex)
                .end()
                .toByteArray();
    }

    private int numwant(int asked, Event event) {
        if (event == Event.STOPPED) {
            return 0;
        }
        return asked < 0 ? config.defaultNumwant() : Math.min(asked, config.maxNumwant());
    }

    /** {@code complete}, {@code downloaded}, {@code incomplete}: the first keys of every reply, in order. */
    private static void writeCounts(BencodeWriter out, SwarmCounts counts) {
        out.string("complete").integer(counts.complete());
        out.string("downloaded").integer(counts.downloaded());
        out.string("incomplete").integer(counts.incomplete());
    }

    private void writeIntervals(BencodeWriter out) {
        long interval = config.interval().toSeconds();
        long jitter = config.jitter().toSeconds();
        if (jitter > 0) {
            interval += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        }
        long min = config.minInterval().toSeconds();
        out.string("interval").integer(Math.max(interval, min));
        out.string("min interval").integer(min);
    }
}
