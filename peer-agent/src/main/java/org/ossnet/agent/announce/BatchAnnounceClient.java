package org.ossnet.agent.announce;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.core.announce.BatchAnnounce;
import org.ossnet.core.announce.BatchAnnounceCodec;
import org.ossnet.core.announce.BatchAnnounceReply;
import org.ossnet.core.announce.BatchLimits;
import org.ossnet.core.announce.InvalidAnnounceException;
import org.ossnet.core.announce.SwarmReply;
import org.ossnet.core.torrent.InfoHash;

/**
 * Sends {@code POST /announce/batch} (docs/API.md) and decodes the replies, both through core's {@link
 * BatchAnnounceCodec}. The batch
 * URL is the announce URL with {@code /batch} appended to its path, as tracker-service serves it.
 */
public final class BatchAnnounceClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** The tracker has no batch endpoint (HTTP 404 or 405): the caller falls back to one announce per swarm. */
    public static final class BatchUnsupportedException extends IOException {
        BatchUnsupportedException(URI batchUrl, int status) {
            super("the tracker has no batch announce at " + batchUrl + " (HTTP " + status + ")");
        }
    }

    private final TrackerHttp http;
    private final AnnounceLimits limits;

    /** A client with the default limits and timeouts. */
    public BatchAnnounceClient() {
        this(SourceAddress.ANY);
    }

    /** A client with the default limits and timeouts whose connections come from {@code source}. */
    public BatchAnnounceClient(SourceAddress source) {
        this(AnnounceLimits.DEFAULT, REQUEST_TIMEOUT, source);
    }

    BatchAnnounceClient(AnnounceLimits limits, Duration requestTimeout) {
        this(limits, requestTimeout, SourceAddress.ANY);
    }

    private BatchAnnounceClient(AnnounceLimits limits, Duration requestTimeout, SourceAddress source) {
        this.http = new TrackerHttp(requestTimeout, source);
        this.limits = limits;
    }

    /** The limits this client decodes with; {@link AnnounceLimits#maxBatchSwarms()} bounds one request. */
    public AnnounceLimits limits() {
        return limits;
    }

    /** {@code http://host/announce} gives {@code http://host/announce/batch}; a query, if any, is kept. */
    public static URI batchUrl(URI announceUrl) {
        String text = announceUrl.toString();
        String query = announceUrl.getRawQuery();
        String base = query == null ? text : text.substring(0, text.length() - query.length() - 1);
        return URI.create((base.endsWith("/") ? base + "batch" : base + "/batch") + (query == null ? "" : "?" + query));
    }

    /**
     * Announces every swarm of {@code request} to the tracker whose announce URL is {@code announceUrl}.
     *
     * @throws BatchUnsupportedException if the tracker answers 404 or 405 for the batch path
     * @throws AnnounceException if the tracker refuses the whole batch or answers something unreadable
     * @throws IOException if the tracker cannot be reached or answers with another HTTP error
     */
    public BatchReply announce(URI announceUrl, BatchAnnounce request) throws IOException {
        if (request.entries().size() > limits.maxBatchSwarms()) {
            throw new IllegalArgumentException("at most " + limits.maxBatchSwarms() + " swarms per batch, not "
                    + request.entries().size());
        }
        URI batchUrl = batchUrl(announceUrl);
        TrackerHttp.Response response =
                http.post(batchUrl, BatchAnnounceCodec.encodeRequest(request), limits.maxBatchReplyBytes());
        if (response.status() == 404 || response.status() == 405) {
            throw new BatchUnsupportedException(batchUrl, response.status());
        }
        String tracker = batchUrl.toString();
        AnnounceReplyDecoder swarms = new AnnounceReplyDecoder(limits, tracker);
        byte[] body = AnnounceClient.checked(response, tracker, swarms);
        BatchAnnounceReply decoded;
        try {
            decoded = BatchAnnounceCodec.decodeReply(
                    body, BatchLimits.DEFAULTS.withMaxReplyBytes(limits.maxBatchReplyBytes()));
        } catch (InvalidAnnounceException e) {
            throw AnnounceException.malformed(tracker, e.getMessage());
        }
        return switch (decoded) {
            case BatchAnnounceReply.Refused refused -> throw AnnounceException.refused(tracker, refused.reason());
            case BatchAnnounceReply.Answered answered -> lineUp(answered, request, tracker, swarms);
        };
    }

    /**
     * The agent's view of a reply: one result per swarm asked, in the same order, each naming its info-hash. A reply
     * that does not line up with the request is refused as a whole rather than guessed at.
     */
    private static BatchReply lineUp(
            BatchAnnounceReply.Answered answered, BatchAnnounce request, String tracker, AnnounceReplyDecoder swarms)
            throws AnnounceException {
        List<BatchAnnounce.Entry> asked = request.entries();
        if (answered.swarms().size() != asked.size()) {
            throw AnnounceException.malformed(
                    tracker, answered.swarms().size() + " swarms answered, " + asked.size() + " asked");
        }
        Duration every = Duration.ofSeconds(answered.interval());
        Duration min = Duration.ofSeconds(answered.minInterval());
        List<BatchReply.SwarmResult> results = new ArrayList<>(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            InfoHash infoHash = asked.get(i).infoHash();
            SwarmReply swarm = answered.swarms().get(i);
            if (!swarm.infoHash().equals(infoHash)) {
                throw AnnounceException.malformed(
                        tracker, "swarms[" + i + "] does not name the info-hash asked, " + infoHash.toHex());
            }
            results.add(
                    switch (swarm) {
                        case SwarmReply.Refused refused -> new BatchReply.SwarmResult(infoHash, null, refused.reason());
                        case SwarmReply.Peers peers ->
                            new BatchReply.SwarmResult(
                                    infoHash,
                                    new AnnounceReply(
                                            every,
                                            min,
                                            peers.complete(),
                                            peers.incomplete(),
                                            swarms.compactPeers(peers.peers(), peers.peers6())),
                                    null);
                    });
        }
        return new BatchReply(every, min, results);
    }
}
