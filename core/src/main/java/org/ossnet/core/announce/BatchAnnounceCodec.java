package org.ossnet.core.announce;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeException;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * The wire form of the batch announce (docs/API.md), both ways: the agent encodes requests and decodes replies, the
 * tracker decodes requests and encodes replies, all here so the two cannot drift apart.
 *
 * <p>A request, bencoded with its keys sorted; {@code event} is left out for a periodic re-announce, {@code numwant}
 * when it is -1 (the tracker's default); {@code upload} is 1 or 0 (upload off):
 *
 * <pre>
 * d 9:announces l
 *     d 10:downloaded i0e 5:event 7:started 9:info_hash 40:&lt;hex&gt; 4:left i1000e 8:uploaded i0e e
 *   e
 *   7:numwant i50e 7:peer_id 20:&lt;bytes&gt; 4:port i6881e 6:upload i1e
 * e
 * </pre>
 *
 * <p>For example peer {@code -ON0001-abcdefghijkl} on port 6881, wanting 50 peers, starting one swarm with 1000 bytes
 * left, is (one line, no spaces) {@code d9:announcesld10:downloadedi0e5:event7:started9:info_hash40:0123…cdef
 * 4:lefti1000e8:uploadedi0eee7:numwanti50e7:peer_id20:-ON0001-abcdefghijkl4:porti6881e6:uploadi1ee}. The decoder
 * also takes {@code paused} or an empty {@code event} as a re-announce, a missing {@code upload} as 1 and ignores
 * unknown keys.
 *
 * <p>A reply carries the intervals once and one dictionary per entry, in the request's order: the swarm's counts,
 * its {@code info_hash} and compact {@code peers} (6 bytes per IPv4 peer) and, when there are any, {@code peers6}
 * (18 bytes per IPv6 peer), or {@code failure reason} and {@code info_hash} for a swarm refused:
 *
 * <pre>
 * d 8:interval i1800e 12:min interval i300e 6:swarms l
 *     d 8:complete i1e 10:downloaded i0e 10:incomplete i0e 9:info_hash 40:&lt;hex&gt; 5:peers 6:&lt;ip&gt;&lt;port&gt; e
 *     d 14:failure reason 13:unknown swarm 9:info_hash 40:&lt;hex&gt; e
 * e e
 * </pre>
 *
 * <p>A body the tracker cannot read at all is answered {@code d14:failure reason<n>:<reason>e}. Every problem in
 * what is decoded is an {@link InvalidAnnounceException} naming the offending key, such as {@code
 * announces[3].left}; the limits are passed in ({@link BatchLimits}).
 */
public final class BatchAnnounceCodec {

    private static final int DEPTH = 4;

    private BatchAnnounceCodec() {}

    /** The bencoded request body. */
    public static byte[] encodeRequest(BatchAnnounce request) {
        BValue[] announces = new BValue[request.entries().size()];
        for (int i = 0; i < announces.length; i++) {
            BatchAnnounce.Entry entry = request.entries().get(i);
            BDictionary.Builder one = BDictionary.builder()
                    .put("downloaded", entry.downloaded())
                    .put("info_hash", entry.infoHash().toHex())
                    .put("left", entry.left())
                    .put("uploaded", entry.uploaded());
            if (entry.event() != AnnounceEvent.NONE) {
                one.put("event", entry.event().wire());
            }
            announces[i] = one.build();
        }
        BDictionary.Builder top = BDictionary.builder()
                .put("announces", BList.of(announces))
                .put("peer_id", BString.of(request.peerId().bytes()))
                .put("port", request.port())
                .put("upload", request.uploadOff() ? 0 : 1);
        if (request.numwant() >= 0) {
            top.put("numwant", request.numwant());
        }
        return Bencode.encode(top.build());
    }

    /** Decodes a request body under the limits. */
    public static BatchAnnounce decodeRequest(byte[] body, BatchLimits limits) {
        BDictionary top = dictionary(body, limits.maxRequestBytes(), "body");
        byte[] peerId = bytes(top, "peer_id", "peer_id");
        if (peerId.length != PeerId.LENGTH) {
            throw new InvalidAnnounceException("peer_id: must be 20 bytes, not " + peerId.length);
        }
        long port = integer(top, "port", "port");
        if (port < 1 || port > 65535) {
            throw new InvalidAnnounceException("port: must be 1-65535, not " + port);
        }
        long numwant = top.containsKey("numwant") ? integer(top, "numwant", "numwant") : -1;
        long upload = top.containsKey("upload") ? integer(top, "upload", "upload") : 1;
        if (upload > 1) {
            throw new InvalidAnnounceException("upload: must be 0 or 1");
        }
        if (!(top.get("announces").orElse(null) instanceof BList announces)) {
            throw new InvalidAnnounceException("announces: missing or not a list");
        }
        if (announces.values().isEmpty() || announces.values().size() > limits.maxEntries()) {
            throw new InvalidAnnounceException("announces: must hold 1 to " + limits.maxEntries() + " entries");
        }
        List<BatchAnnounce.Entry> entries = new ArrayList<>(announces.values().size());
        for (int i = 0; i < announces.values().size(); i++) {
            entries.add(entry(announces.values().get(i), "announces[" + i + "]"));
        }
        return new BatchAnnounce(
                PeerId.wrap(peerId), (int) port, (int) Math.min(numwant, Integer.MAX_VALUE), upload == 0, entries);
    }

    /** The bencoded reply body. */
    public static byte[] encodeReply(BatchAnnounceReply reply) {
        return Bencode.encode(
                switch (reply) {
                    case BatchAnnounceReply.Refused refused ->
                        failure(refused.reason()).build();
                    case BatchAnnounceReply.Answered answered -> {
                        BValue[] swarms = new BValue[answered.swarms().size()];
                        for (int i = 0; i < swarms.length; i++) {
                            swarms[i] = swarm(answered.swarms().get(i));
                        }
                        yield BDictionary.builder()
                                .put("interval", answered.interval())
                                .put("min interval", answered.minInterval())
                                .put("swarms", BList.of(swarms))
                                .build();
                    }
                });
    }

    /** Decodes a reply body under the limits; the caller checks that its swarms are the ones asked, in order. */
    public static BatchAnnounceReply decodeReply(byte[] body, BatchLimits limits) {
        BDictionary top = dictionary(body, limits.maxReplyBytes(), "reply");
        if (top.containsKey("failure reason")) {
            return new BatchAnnounceReply.Refused(failureReason(top));
        }
        long interval = integer(top, "interval", "interval");
        if (interval < 1) {
            throw new InvalidAnnounceException("interval: must be positive, not " + interval);
        }
        long minInterval = top.containsKey("min interval") ? integer(top, "min interval", "min interval") : 0;
        if (!(top.get("swarms").orElse(null) instanceof BList list)) {
            throw new InvalidAnnounceException("swarms: missing or not a list");
        }
        List<SwarmReply> swarms = new ArrayList<>(list.values().size());
        for (int i = 0; i < list.values().size(); i++) {
            swarms.add(swarmReply(list.values().get(i), "swarms[" + i + "]"));
        }
        return new BatchAnnounceReply.Answered(interval, minInterval, swarms);
    }

    private static BatchAnnounce.Entry entry(BValue value, String where) {
        if (!(value instanceof BDictionary entry)) {
            throw new InvalidAnnounceException(where + ": not a dictionary");
        }
        InfoHash infoHash = infoHash(entry, where);
        AnnounceEvent event = AnnounceEvent.NONE;
        if (entry.containsKey("event")) {
            String text = new String(bytes(entry, "event", where + ".event"), StandardCharsets.ISO_8859_1);
            event = AnnounceEvent.fromWire(text)
                    .orElseThrow(() -> new InvalidAnnounceException(
                            where + ".event: must be started, stopped, completed, paused or empty"));
        }
        return new BatchAnnounce.Entry(
                infoHash,
                event,
                integer(entry, "uploaded", where + ".uploaded"),
                integer(entry, "downloaded", where + ".downloaded"),
                integer(entry, "left", where + ".left"));
    }

    private static BDictionary swarm(SwarmReply swarm) {
        return switch (swarm) {
            case SwarmReply.Refused refused ->
                failure(refused.reason())
                        .put("info_hash", refused.infoHash().toHex())
                        .build();
            case SwarmReply.Peers peers -> {
                BDictionary.Builder out = BDictionary.builder()
                        .put("complete", peers.complete())
                        .put("downloaded", peers.downloaded())
                        .put("incomplete", peers.incomplete())
                        .put("info_hash", peers.infoHash().toHex())
                        .put("peers", BString.of(peers.peers()));
                if (peers.peers6().length > 0) {
                    out.put("peers6", BString.of(peers.peers6()));
                }
                yield out.build();
            }
        };
    }

    private static SwarmReply swarmReply(BValue value, String where) {
        if (!(value instanceof BDictionary swarm)) {
            throw new InvalidAnnounceException(where + ": not a dictionary");
        }
        InfoHash infoHash = infoHash(swarm, where);
        if (swarm.containsKey("failure reason")) {
            return new SwarmReply.Refused(infoHash, failureReason(swarm));
        }
        return new SwarmReply.Peers(
                infoHash,
                count(swarm, "complete", where),
                count(swarm, "downloaded", where),
                count(swarm, "incomplete", where),
                compact(swarm, "peers", SwarmReply.Peers.IPV4_ENTRY, where),
                compact(swarm, "peers6", SwarmReply.Peers.IPV6_ENTRY, where));
    }

    private static BDictionary.Builder failure(String reason) {
        return BDictionary.builder().put("failure reason", BString.of(reason));
    }

    /** A refusal's reason; one that is not a string still refuses, since that is all the tracker meant. */
    private static String failureReason(BDictionary dictionary) {
        return dictionary.get("failure reason").orElseThrow() instanceof BString text
                ? text.asUtf8()
                : "(unreadable failure reason)";
    }

    private static BDictionary dictionary(byte[] body, int maxBytes, String what) {
        if (body.length > maxBytes) {
            throw new InvalidAnnounceException(what + ": larger than " + maxBytes + " bytes");
        }
        try {
            return Bencode.decodeDictionary(
                    body, BencodeLimits.DEFAULT.withMaxInputBytes(maxBytes).withMaxDepth(DEPTH));
        } catch (BencodeException e) {
            throw new InvalidAnnounceException(what + ": " + e.getMessage());
        }
    }

    private static InfoHash infoHash(BDictionary dictionary, String where) {
        String hex = new String(bytes(dictionary, "info_hash", where + ".info_hash"), StandardCharsets.ISO_8859_1);
        try {
            return InfoHash.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnnounceException(where + ".info_hash: must be 40 hexadecimal digits");
        }
    }

    private static long count(BDictionary swarm, String key, String where) {
        return swarm.containsKey(key) ? integer(swarm, key, where + "." + key) : 0;
    }

    private static byte[] compact(BDictionary swarm, String key, int entry, String where) {
        if (!swarm.containsKey(key)) {
            return new byte[0];
        }
        byte[] peers = bytes(swarm, key, where + "." + key);
        if (peers.length % entry != 0) {
            throw new InvalidAnnounceException(
                    where + "." + key + ": " + peers.length + " bytes, not a multiple of " + entry);
        }
        return peers;
    }

    private static byte[] bytes(BDictionary dictionary, String key, String name) {
        if (dictionary.get(key).orElse(null) instanceof BString string) {
            return string.bytes();
        }
        throw new InvalidAnnounceException(name + ": missing or not a byte string");
    }

    private static long integer(BDictionary dictionary, String key, String name) {
        if (dictionary.get(key).orElse(null) instanceof BInteger(long value) && value >= 0) {
            return value;
        }
        throw new InvalidAnnounceException(name + ": missing or not a non-negative integer");
    }
}
