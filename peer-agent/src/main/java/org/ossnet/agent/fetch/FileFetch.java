package org.ossnet.agent.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.AnnounceReply;
import org.ossnet.agent.announce.Announcer;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.SwarmProgress;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.agent.text.Counts;

/**
 * The swarm of one planned file: its {@link TorrentSession}, registered with the shared {@link PeerListener}, and its
 * {@link Announcer}. It downloads until the file is verified at its target, or opens a file already present for
 * seeding; with {@code keepOpen} the session stays open, uploading, until {@link #close()}.
 */
final class FileFetch {

    private final PlannedFile planned;
    private volatile TorrentSession session;
    private volatile Announcer announcer;
    private volatile PeerListener listener;
    private volatile SwarmProgress last;
    private volatile Transfer transfer;
    private volatile long httpBytes;

    /**
     * How long peers and mirrors must have given nothing before a download takes blocks from the origin's web seed,
     * once the tracker has said the swarm has seeds besides the origin.
     */
    static final Duration ORIGIN_HOLD = Duration.ofSeconds(2);

    FileFetch(PlannedFile planned) {
        this.planned = planned;
        long size = planned.file().size();
        boolean present = planned.action() != PlannedFile.Action.DOWNLOAD;
        this.last = new SwarmProgress(size, present ? size : 0, 0, 0, 0, 0, 0, 0, 0, 0, present);
    }

    PlannedFile planned() {
        return planned;
    }

    /**
     * Downloads (or resumes) the file and returns once it is verified at its target.
     *
     * @throws FetchTimeoutException if it is not complete at {@code deadlineNanos} (a {@link System#nanoTime()} value)
     * @throws Exception whatever else failed: the lookup, the announce, the download or the final SHA-256 check
     */
    void download(SwarmSource source, PeerListener listener, SwarmConfig config, boolean keepOpen, long deadlineNanos)
            throws Exception {
        long started = System.nanoTime();
        SwarmSource.Swarm swarm = source.lookup(planned.name(), planned.file());
        Files.createDirectories(planned.target().getParent());
        byte[] sha256 = HexFormat.of().parseHex(planned.file().sha256());
        TorrentSession s = TorrentSession.download(
                planned.target(),
                swarm.metainfo().infoHash(),
                swarm.metainfo().info(),
                sha256,
                config,
                swarm.isPrivate() ? swarm.privately().access() : null);
        session = s;
        try {
            Announcer a = open(s, swarm, listener, config);
            if (keepOpen || !s.completion().isDone()) {
                AnnounceReply first = a.start();
                if (first.complete() > 1) {
                    // Seeds besides the origin (mirrors seeding the release): take from them, and from the origin's
                    // HTTP only when they stall, as a mirror does.
                    s.holdOriginBack(ORIGIN_HOLD);
                }
            }
            if (!swarm.isPrivate()) {
                // A private swarm's file is on no web seed yet: the origin and the mirrors withhold it until release.
                s.addWebSeeds(swarm.metainfo().webSeeds(), swarm.originWebSeed());
            }
            await(s, deadlineNanos);
            transfer = new Transfer(s.bytesBySource(), Duration.ofNanos(System.nanoTime() - started), Instant.now());
            a.completed();
        } catch (Exception e) {
            close();
            throw e;
        }
        if (!keepOpen) {
            close();
        }
    }

    /** Seeds the file, already verified at its target, until {@link #close()}. */
    void seed(SwarmSource source, PeerListener listener, SwarmConfig config) throws Exception {
        SwarmSource.Swarm swarm = source.lookup(planned.name(), planned.file());
        TorrentSession s = TorrentSession.seed(
                planned.target(),
                swarm.metainfo().infoHash(),
                swarm.metainfo().info(),
                config,
                swarm.isPrivate() ? swarm.privately().access() : null);
        session = s;
        try {
            open(s, swarm, listener, config).start();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private Announcer open(TorrentSession s, SwarmSource.Swarm swarm, PeerListener listener, SwarmConfig config)
            throws IOException {
        this.listener = listener;
        listener.register(s);
        AnnounceClient client = new AnnounceClient(config.source());
        Announcer a = new Announcer(
                swarm.isPrivate() ? client.signedBy(swarm.privately().signer()) : client,
                swarm.announce(),
                s.infoHash(),
                config.peerId(),
                listener.address().getPort(),
                config.uploadEnabled(),
                () -> transfer(s.progress()),
                s::addPeer);
        announcer = a;
        return a;
    }

    private void await(TorrentSession s, long deadlineNanos) throws Exception {
        try {
            s.completion().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            SwarmProgress p = s.progress();
            throw new FetchTimeoutException("not complete when the time ran out, " + p.verifiedBytes() + " of "
                    + Counts.of(p.totalBytes(), "byte") + " verified"
                    + (p.connectedPeers() == 0 ? " and no peer connected" : "")
                    + "; run again to resume");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (CancellationException e) {
            throw new IOException("the download was stopped", e);
        }
    }

    /** How the file was downloaded, once {@link #download} returned or {@link #placed}; null before or if it failed. */
    Transfer transfer() {
        return transfer;
    }

    /**
     * Records that the file was put in place without its swarm, straight from a web seed ({@link HttpFirst}); it may
     * still be {@linkplain #seed seeded} afterwards.
     */
    void placed(Transfer how) {
        long size = planned.file().size();
        transfer = how;
        httpBytes = size;
        last = new SwarmProgress(size, size, size, 0, 0, 0, 0, 0, 0, 0, true);
    }

    /** The file's progress: live while its session is open, the last seen afterwards. */
    SwarmProgress progress() {
        TorrentSession s = session;
        if (s != null) {
            SwarmProgress p = s.progress();
            // A file placed over HTTP and seeded since: its session has received nothing, the web seed had.
            last = httpBytes == 0
                    ? p
                    : new SwarmProgress(
                            p.totalBytes(),
                            p.verifiedBytes(),
                            p.downloadedBytes() + httpBytes,
                            p.uploadedBytes(),
                            p.downloadRate(),
                            p.uploadRate(),
                            p.connectedPeers(),
                            p.sources(),
                            p.bannedPeers(),
                            p.webSeeds(),
                            p.complete());
        }
        return last;
    }

    /** Announces {@code stopped} (after a pending {@code completed}) and closes the session; safe to repeat. */
    void close() {
        close(true);
    }

    /** As {@link #close()}; without {@code stopped} when another announcer of this agent took the swarm over. */
    synchronized void close(boolean announceStopped) {
        Announcer a = announcer;
        announcer = null;
        if (a != null) {
            if (announceStopped) {
                a.close();
            } else {
                a.closeQuietly();
            }
        }
        TorrentSession s = session;
        if (s != null) {
            last = s.progress();
            session = null;
            PeerListener l = listener;
            if (l != null) {
                l.unregister(s);
            }
            s.close();
        }
    }

    private static Announcer.Transfer transfer(SwarmProgress progress) {
        return new Announcer.Transfer(
                progress.uploadedBytes(),
                progress.downloadedBytes(),
                Math.max(0, progress.totalBytes() - progress.verifiedBytes()));
    }
}
