package org.ossnet.agent.announce;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.AnnounceRequest;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * Keeps one swarm announced for as long as this agent takes part: {@code started} once, an empty re-announce at the
 * tracker's interval, {@code completed} when the file is done, {@code stopped} on close. Every peer a reply names is
 * handed to a consumer, typically {@code TorrentSession::addPeer}.
 *
 * <p>While it still misses bytes and the tracker named no peers, it asks again after the tracker's {@code min
 * interval} rather than the full interval, as mainstream clients do, so a download does not idle for half an hour
 * waiting for a seed to appear. A failed periodic announce is retried after the same shorter wait. Each announce goes
 * to the first of its {@link AnnounceTiers} that answers: a region's tracker, then the master.
 */
public final class Announcer implements AutoCloseable {

    /**
     * The byte counts an announce reports.
     *
     * @param uploaded block bytes sent
     * @param downloaded block bytes received
     * @param left bytes still missing
     */
    public record Transfer(long uploaded, long downloaded, long left) {}

    /**
     * Whether the peers a reply names are worth connecting to: always while something is {@code left}; for a complete
     * file only when the tracker counts leechers, since seeds have nothing to give each other. (Trackers hand seeds
     * to seeds, for clients that announce {@code left=0} before they know the size; those still connect to us.) A
     * mirror seeding hundreds of unchanged swarms would otherwise dial every other seed of each at every announce.
     */
    static boolean worthDialling(long left, AnnounceReply reply) {
        return left > 0 || reply.incomplete() > 0;
    }

    /** The shortest wait between announces whatever a tracker says, so a broken reply cannot make us hammer it. */
    static final Duration FLOOR = Duration.ofSeconds(1);

    /** The longest wait, so a tracker that forgets peers after twice its interval still sees us. */
    static final Duration CEILING = Duration.ofHours(1);

    private final AnnounceClient client;
    private final AnnounceTiers tiers;
    private final InfoHash infoHash;
    private final PeerId peerId;
    private final int port;
    private final boolean uploadEnabled;
    private final Supplier<Transfer> transfer;
    private final Consumer<InetSocketAddress> peers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean completedPending;
    private boolean closed;
    private Thread loop;
    private volatile IOException lastFailure;
    private volatile int announces;

    /** An announcer of one tracker, {@code announceUrl}. */
    public Announcer(
            AnnounceClient client,
            URI announceUrl,
            InfoHash infoHash,
            PeerId peerId,
            int port,
            boolean uploadEnabled,
            Supplier<Transfer> transfer,
            Consumer<InetSocketAddress> peers) {
        this(client, AnnounceTiers.single(announceUrl), infoHash, peerId, port, uploadEnabled, transfer, peers);
    }

    /** An announcer that announces to the first of {@code tiers} that answers. */
    public Announcer(
            AnnounceClient client,
            AnnounceTiers tiers,
            InfoHash infoHash,
            PeerId peerId,
            int port,
            boolean uploadEnabled,
            Supplier<Transfer> transfer,
            Consumer<InetSocketAddress> peers) {
        this.client = Objects.requireNonNull(client);
        this.tiers = Objects.requireNonNull(tiers);
        this.infoHash = Objects.requireNonNull(infoHash);
        this.peerId = Objects.requireNonNull(peerId);
        this.port = port;
        this.uploadEnabled = uploadEnabled;
        this.transfer = Objects.requireNonNull(transfer);
        this.peers = Objects.requireNonNull(peers);
    }

    /**
     * Announces {@code started} now, hands out the peers of the reply, and keeps re-announcing on a virtual thread.
     *
     * @throws IOException if that first announce fails, e.g. the tracker refuses the swarm
     */
    public AnnounceReply start() throws IOException {
        AnnounceReply first = announce(AnnounceEvent.STARTED);
        loop = Thread.ofVirtual().name("announcer-" + infoHash.toHex()).start(() -> run(first));
        return first;
    }

    /** Sends {@code completed} at once (from the announcing thread) and from then on announces as a seed. */
    public void completed() {
        lock.lock();
        try {
            completedPending = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The failure of the latest announce, or {@code null} if it succeeded. */
    public IOException lastFailure() {
        return lastFailure;
    }

    /** How many announces have succeeded so far. */
    public int announces() {
        return announces;
    }

    /** Stops re-announcing and tells the tracker {@code stopped}, best effort. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Stops re-announcing without telling the tracker anything: for a swarm another announcer of this agent (same peer
     * id and port) has taken over, whose entry at the tracker a {@code stopped} would remove.
     */
    public void closeQuietly() {
        close(false);
    }

    private void close(boolean stopped) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (loop == null) {
            return;
        }
        try {
            loop.join(Duration.ofSeconds(40));
            if (stopped) {
                announce(AnnounceEvent.STOPPED);
            }
        } catch (IOException e) {
            // The tracker forgets us after its expiry anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(AnnounceReply first) {
        AnnounceReply last = first;
        while (true) {
            AnnounceEvent event;
            lock.lock();
            try {
                long waitNanos = nextWait(last).toNanos();
                while (!closed && !completedPending && waitNanos > 0) {
                    waitNanos = wake.awaitNanos(waitNanos);
                }
                if (closed && !completedPending) {
                    return;
                }
                // A completed that raced with close is still sent, so the tracker counts the download.
                event = completedPending ? AnnounceEvent.COMPLETED : AnnounceEvent.NONE;
                completedPending = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                last = announce(event);
            } catch (IOException e) {
                last = null;
            }
        }
    }

    private Duration nextWait(AnnounceReply last) {
        Duration wait;
        if (last == null) {
            wait = FLOOR.multipliedBy(30);
        } else if (last.peers().isEmpty() && transfer.get().left() > 0) {
            wait = last.minInterval().isZero() ? last.interval() : last.minInterval();
        } else {
            wait = last.interval().compareTo(last.minInterval()) < 0 ? last.minInterval() : last.interval();
        }
        if (wait.compareTo(FLOOR) < 0) {
            return FLOOR;
        }
        return wait.compareTo(CEILING) > 0 ? CEILING : wait;
    }

    private AnnounceReply announce(AnnounceEvent event) throws IOException {
        Transfer now = transfer.get();
        var request = new AnnounceRequest(
                infoHash,
                peerId,
                port,
                now.uploaded(),
                now.downloaded(),
                now.left(),
                event,
                event == AnnounceEvent.STOPPED ? 0 : AnnounceRequest.DEFAULT_NUMWANT,
                true,
                false,
                !uploadEnabled);
        try {
            AnnounceReply reply = tiers.announce(url -> client.announce(url, request));
            lastFailure = null;
            announces++;
            if (event != AnnounceEvent.STOPPED && worthDialling(now.left(), reply)) {
                reply.peers().forEach(peers);
            }
            return reply;
        } catch (IOException e) {
            lastFailure = e;
            throw e;
        }
    }
}
