package org.ossnet.agent.announce;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.AnnounceRequest;
import org.ossnet.core.announce.BatchAnnounce;
import org.ossnet.core.torrent.PeerId;

/**
 * Sends one round of a {@link BatchAnnouncer}: the planned swarms in batches of at most {@link
 * AnnounceLimits#maxBatchSwarms()}, or one {@code GET /announce} each once the tracker has shown it has no batch
 * endpoint. It holds no schedule; it reports what the tracker said.
 */
final class BatchRounds {

    /** A swarm and the event to announce it with. */
    record Planned(BatchAnnouncer.Tracked tracked, AnnounceEvent event) {}

    /** The tracker's reply for one planned swarm, its refusal, or neither when it could not be reached. */
    record Result(Planned planned, AnnounceReply reply, String failureReason) {}

    /**
     * A round's results.
     *
     * @param interval when to announce again (the tracker's interval, at least its min interval, clamped to
     *     [{@link Announcer#FLOOR}, {@link Announcer#CEILING}]), or {@code null} if no reply came
     */
    record Outcome(Duration interval, List<Result> results) {}

    private final BatchAnnounceClient batch;
    private final AnnounceClient single;
    private final AnnounceTiers tiers;
    private final PeerId peerId;
    private final int port;
    private final boolean uploadEnabled;
    private volatile boolean perSwarm;
    private volatile IOException lastFailure;

    BatchRounds(
            BatchAnnounceClient batch,
            AnnounceClient single,
            AnnounceTiers tiers,
            PeerId peerId,
            int port,
            boolean uploadEnabled) {
        this.batch = batch;
        this.single = single;
        this.tiers = tiers;
        this.peerId = peerId;
        this.port = port;
        this.uploadEnabled = uploadEnabled;
    }

    boolean perSwarm() {
        return perSwarm;
    }

    IOException lastFailure() {
        return lastFailure;
    }

    Outcome run(List<Planned> planned) {
        List<Result> results = new ArrayList<>(planned.size());
        Duration interval = null;
        int chunk = batch.limits().maxBatchSwarms();
        for (int from = 0; from < planned.size(); from += chunk) {
            List<Planned> part = planned.subList(from, Math.min(planned.size(), from + chunk));
            Duration answered = perSwarm ? oneByOne(part, results) : batched(part, results);
            interval = answered != null ? answered : interval;
        }
        return new Outcome(interval, results);
    }

    private Duration batched(List<Planned> part, List<Result> results) {
        List<BatchAnnounce.Entry> entries = new ArrayList<>(part.size());
        for (Planned p : part) {
            Announcer.Transfer now = p.tracked().swarm.transfer().get();
            entries.add(new BatchAnnounce.Entry(
                    p.tracked().swarm.infoHash(), p.event(), now.uploaded(), now.downloaded(), now.left()));
        }
        try {
            var request = new BatchAnnounce(peerId, port, AnnounceRequest.DEFAULT_NUMWANT, !uploadEnabled, entries);
            BatchReply reply = tiers.announce(url -> batch.announce(url, request));
            lastFailure = null;
            for (int i = 0; i < part.size(); i++) {
                BatchReply.SwarmResult swarm = reply.swarms().get(i);
                results.add(new Result(part.get(i), swarm.reply(), swarm.failureReason()));
            }
            return next(reply.interval(), reply.minInterval());
        } catch (BatchAnnounceClient.BatchUnsupportedException e) {
            perSwarm = true;
            return oneByOne(part, results);
        } catch (IOException e) {
            lastFailure = e;
            part.forEach(p -> results.add(new Result(p, null, null)));
            return null;
        }
    }

    private Duration oneByOne(List<Planned> part, List<Result> results) {
        Duration interval = null;
        boolean reached = false;
        for (Planned p : part) {
            Announcer.Transfer now = p.tracked().swarm.transfer().get();
            var request = new AnnounceRequest(
                    p.tracked().swarm.infoHash(),
                    peerId,
                    port,
                    now.uploaded(),
                    now.downloaded(),
                    now.left(),
                    p.event(),
                    p.event() == AnnounceEvent.STOPPED ? 0 : AnnounceRequest.DEFAULT_NUMWANT,
                    true,
                    false,
                    !uploadEnabled);
            try {
                AnnounceReply reply = tiers.announce(url -> single.announce(url, request));
                reached = true;
                results.add(new Result(p, reply, null));
                interval = interval != null ? interval : next(reply.interval(), reply.minInterval());
            } catch (AnnounceException e) {
                reached |= e.failureReason() != null;
                results.add(new Result(p, null, e.failureReason()));
                if (e.failureReason() == null) {
                    lastFailure = e;
                }
            } catch (IOException e) {
                lastFailure = e;
                results.add(new Result(p, null, null));
            }
        }
        if (reached && interval == null) {
            interval = BatchAnnouncer.RETRY;
        }
        if (reached) {
            lastFailure = null;
        }
        return interval;
    }

    private static Duration next(Duration interval, Duration minInterval) {
        Duration wait = interval.compareTo(minInterval) < 0 ? minInterval : interval;
        if (wait.compareTo(Announcer.FLOOR) < 0) {
            return Announcer.FLOOR;
        }
        return wait.compareTo(Announcer.CEILING) > 0 ? Announcer.CEILING : wait;
    }
}
