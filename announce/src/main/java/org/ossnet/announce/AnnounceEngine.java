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
import org.ossnet.announce.protocol.BencodeWriter;
import org.ossnet.announce.protocol.QueryParser;
import org.ossnet.announce.protocol.ScrapeRequest;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.AnnounceRequest;
import org.ossnet.core.announce.BatchAnnounce;
import org.ossnet.core.announce.BatchAnnounceCodec;
import org.ossnet.core.announce.BatchAnnounceReply;
import org.ossnet.core.announce.InvalidAnnounceException;
import org.ossnet.core.announce.SwarmReply;
import org.ossnet.core.torrent.InfoHash;

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
    private final CompletionListener completions;

    /** An engine over the given parts that tells no one of completions. */
    public AnnounceEngine(
            AnnounceConfig config,
            SwarmRegistry registry,
            PeerStore store,
            HandoutPolicy policy,
            AnnounceMetrics metrics) {
        this(config, registry, store, policy, metrics, CompletionListener.NONE);
    }

    /** An engine over the given parts that tells {@code completions} of every accepted {@code completed} announce. */
    public AnnounceEngine(
            AnnounceConfig config,
            SwarmRegistry registry,
            PeerStore store,
            HandoutPolicy policy,
            AnnounceMetrics metrics,
            CompletionListener completions) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.policy = policy;
        this.metrics = metrics;
        this.completions = completions;
    }

    /**
     * Answers {@code GET /announce?<query>}.
     *
     * @param query the raw query string, not decoded
     * @param address the peer's normalised address, 4 or 16 bytes
     */
    public byte[] announce(String query, byte[] address) {
        AnnounceBuffers buffers = new AnnounceBuffers();
        announce(query, address, buffers);
        return buffers.body.toByteArray();
    }

    /**
     * Answers {@code GET /announce?<query>} into {@code buffers}' {@link AnnounceBuffers#body() body}, for a caller
     * that answers many in a row on one thread.
     *
     * @param query the raw query string, not decoded
     * @param address the peer's normalised address, 4 or 16 bytes
     */
    public void announce(String query, byte[] address, AnnounceBuffers buffers) {
        BencodeWriter out = buffers.body.reset();
        AnnounceRequest request;
        try {
            request = QueryParser.parseAnnounce(query, config.limits());
        } catch (InvalidAnnounceException e) {
            metrics.invalid();
            failure(out, e.getMessage());
            return;
        }
        if (!registry.isKnown(request.infoHash())) {
            metrics.refused();
            failure(out, UNKNOWN_SWARM);
            return;
        }
        int numwant = numwant(request.numwant(), request.event());
        PeerReply peers = buffers.peers.reset(numwant, request.compact(), request.noPeerId());
        PeerAnnounce announce = new PeerAnnounce(
                request.peerId(), address, request.port(), request.left(), request.event(), request.uploadOff());
        SwarmCounts counts = store.announce(request.infoHash(), announce, numwant, policy, peers);
        if (counts == SwarmCounts.NO_ROOM) {
            metrics.refused();
            failure(out, NO_ROOM);
            return;
        }
        metrics.ok();
        if (request.event() == AnnounceEvent.COMPLETED) {
            completions.completed(request.infoHash(), request.peerId());
        }
        out.dictionary();
        writeCounts(out, counts);
        writeIntervals(out);
        peers.writeTo(out);
        out.end();
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

    /** Answers {@code POST /announce/batch}: one reply per swarm, in the order asked ({@link BatchAnnounceCodec}). */
    public byte[] batch(byte[] body, byte[] address) {
        BatchAnnounce request;
        try {
            request = BatchAnnounceCodec.decodeRequest(body, config.limits().batchLimits());
        } catch (InvalidAnnounceException e) {
            metrics.invalid();
            return failure(e.getMessage());
        }
        List<SwarmReply> replies = new ArrayList<>(request.entries().size());
        for (BatchAnnounce.Entry entry : request.entries()) {
            replies.add(batchEntry(request, entry, address));
        }
        long min = config.minInterval().toSeconds();
        return BatchAnnounceCodec.encodeReply(new BatchAnnounceReply.Answered(interval(min), min, replies));
    }

    private SwarmReply batchEntry(BatchAnnounce request, BatchAnnounce.Entry entry, byte[] address) {
        if (!registry.isKnown(entry.infoHash())) {
            metrics.refused();
            return new SwarmReply.Refused(entry.infoHash(), UNKNOWN_SWARM);
        }
        int numwant = numwant(request.numwant(), entry.event());
        PeerReply peers = new PeerReply(numwant, true, true);
        PeerAnnounce announce = new PeerAnnounce(
                request.peerId(), address, request.port(), entry.left(), entry.event(), request.uploadOff());
        SwarmCounts counts = store.announce(entry.infoHash(), announce, numwant, policy, peers);
        if (counts == SwarmCounts.NO_ROOM) {
            metrics.refused();
            return new SwarmReply.Refused(entry.infoHash(), NO_ROOM);
        }
        metrics.ok();
        if (entry.event() == AnnounceEvent.COMPLETED) {
            completions.completed(entry.infoHash(), request.peerId());
        }
        return new SwarmReply.Peers(
                entry.infoHash(),
                counts.complete(),
                counts.downloaded(),
                counts.incomplete(),
                peers.compactPeers(),
                peers.compactPeers6());
    }

    /** A bencoded refusal: {@code d14:failure reason<n>:<reason>e}. */
    public static byte[] failure(String reason) {
        return failure(new BencodeWriter(32 + reason.length()), reason).toByteArray();
    }

    private static BencodeWriter failure(BencodeWriter out, String reason) {
        return out.dictionary().string("failure reason").text(reason).end();
    }

    private int numwant(int asked, AnnounceEvent event) {
        if (event == AnnounceEvent.STOPPED) {
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
        long min = config.minInterval().toSeconds();
        out.string("interval").integer(interval(min));
        out.string("min interval").integer(min);
    }

    /** {@code interval} in seconds, jittered and never below {@code min}. */
    private long interval(long min) {
        long interval = config.interval().toSeconds();
        long jitter = config.jitter().toSeconds();
        if (jitter > 0) {
            interval += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        }
        return Math.max(interval, min);
    }
}
