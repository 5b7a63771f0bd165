package org.ossnet.agent.announce;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeException;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;

/**
 * Turns the bytes of a batch announce reply into a {@link BatchReply}, strictly and within {@link AnnounceLimits}:
 *
 * <pre>
 * d 8:intervali1800e 12:min intervali300e 6:swarmsl
 *     d 8:completei1e 10:downloadedi0e 10:incompletei2e 9:info_hash40:&lt;hex&gt; 5:peers6:&lt;ip&gt;&lt;port&gt; e
 *     d 14:failure reason13:unknown swarm 9:info_hash40:&lt;hex&gt; e
 * e e
 * </pre>
 *
 * <p>There must be exactly one swarm dictionary per swarm asked, in the same order, each naming its info-hash: a
 * reply that does not line up with the request is refused as a whole rather than guessed at. A top-level {@code
 * failure reason} (a malformed request) is an {@link AnnounceException} with that reason.
 */
final class BatchReplyDecoder {

    private final AnnounceLimits limits;
    private final String tracker;
    private final AnnounceReplyDecoder swarms;

    BatchReplyDecoder(AnnounceLimits limits, String tracker) {
        this.limits = limits;
        this.tracker = tracker;
        this.swarms = new AnnounceReplyDecoder(limits, tracker);
    }

    BatchReply decode(byte[] body, List<InfoHash> asked) throws AnnounceException {
        BDictionary reply;
        try {
            reply = Bencode.decodeDictionary(
                    body,
                    BencodeLimits.DEFAULT
                            .withMaxInputBytes(limits.maxBatchReplyBytes())
                            .withMaxDepth(4)
                            .withMaxStringLength(limits.maxReplyBytes()));
        } catch (BencodeException e) {
            throw AnnounceException.malformed(tracker, "not a bencoded dictionary: " + e.getMessage());
        }
        Optional<String> failure = failureReason(reply);
        if (failure.isPresent()) {
            throw AnnounceException.refused(tracker, failure.get());
        }
        long interval = swarms.integer(reply, "interval")
                .orElseThrow(() -> AnnounceException.malformed(tracker, "no interval"));
        if (interval < 1) {
            throw AnnounceException.malformed(tracker, "interval must be positive, not " + interval);
        }
        Duration every = Duration.ofSeconds(interval);
        Duration min = Duration.ofSeconds(
                Math.max(0, swarms.integer(reply, "min interval").orElse(0L)));
        if (!(reply.get("swarms").orElse(null) instanceof BList list)) {
            throw AnnounceException.malformed(tracker, "swarms is missing or not a list");
        }
        if (list.values().size() != asked.size()) {
            throw AnnounceException.malformed(
                    tracker, list.values().size() + " swarms answered, " + asked.size() + " asked");
        }
        List<BatchReply.SwarmResult> results = new ArrayList<>(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            results.add(result(list.values().get(i), asked.get(i), i, every, min));
        }
        return new BatchReply(every, min, results);
    }

    private BatchReply.SwarmResult result(BValue value, InfoHash asked, int index, Duration every, Duration min)
            throws AnnounceException {
        String where = "swarms[" + index + "]";
        if (!(value instanceof BDictionary swarm)) {
            throw AnnounceException.malformed(tracker, where + " is not a dictionary");
        }
        if (!(swarm.get("info_hash").orElse(null) instanceof BString hex)
                || !new String(hex.bytes(), StandardCharsets.ISO_8859_1).equalsIgnoreCase(asked.toHex())) {
            throw AnnounceException.malformed(tracker, where + " does not name the info-hash asked, " + asked.toHex());
        }
        Optional<String> failure = failureReason(swarm);
        if (failure.isPresent()) {
            return new BatchReply.SwarmResult(asked, null, failure.get());
        }
        return new BatchReply.SwarmResult(asked, swarms.swarm(swarm, every, min), null);
    }

    private static Optional<String> failureReason(BDictionary dictionary) {
        return dictionary
                .get("failure reason")
                .map(reason -> reason instanceof BString text ? text.asUtf8() : "(unreadable failure reason)");
    }
}
