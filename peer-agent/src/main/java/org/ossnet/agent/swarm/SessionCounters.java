package org.ossnet.agent.swarm;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ossnet.core.torrent.PeerId;

/**
 * The byte counts, rates and ban count of one session, from which its {@link SwarmProgress} is made; the bytes are also
 * counted per remote address in a {@link PeerTraffic}, the session's own or one shared by the whole command.
 */
final class SessionCounters {

    private final Map<PeerId, AtomicLong> receivedFrom = new ConcurrentHashMap<>();
    private final RateMeter up = new RateMeter();
    private final RateMeter down = new RateMeter();
    private final AtomicLong verifiedBytes = new AtomicLong();
    private final AtomicInteger banned = new AtomicInteger();
    private final PeerTraffic traffic;
    private volatile long lastFromOthersNanos = System.nanoTime();

    SessionCounters(PeerTraffic traffic) {
        this.traffic = traffic;
    }

    /** Block bytes sent to the peer at {@code to}. */
    void uploaded(InetAddress to, int bytes) {
        up.add(bytes);
        traffic.sent(to, bytes);
    }

    /** Block bytes received from the peer with {@code peerId} at {@code from}. */
    void downloaded(PeerId peerId, InetAddress from, int bytes) {
        down.add(bytes);
        receivedFrom.computeIfAbsent(peerId, p -> new AtomicLong()).addAndGet(bytes);
        traffic.received(from, bytes);
        lastFromOthersNanos = System.nanoTime();
    }

    /** Block bytes received from the web seed at {@code webSeed}, the origin's or a mirror's. */
    void downloadedOverHttp(URI webSeed, int bytes, boolean origin) {
        down.add(bytes);
        traffic.receivedOverHttp(webSeed, bytes);
        if (!origin) {
            lastFromOthersNanos = System.nanoTime();
        }
    }

    /** Nanoseconds since the session was made or last received a block from anyone but the origin's web seed. */
    long nanosSinceOthersGaveBlock() {
        return System.nanoTime() - lastFromOthersNanos;
    }

    void verified(long bytes) {
        verifiedBytes.addAndGet(bytes);
    }

    void banned() {
        banned.incrementAndGet();
    }

    long bytesReceivedFrom(PeerId peerId) {
        AtomicLong bytes = receivedFrom.get(peerId);
        return bytes == null ? 0 : bytes.get();
    }

    long bytesReceivedFromPrefix(byte[] prefix) {
        return receivedFrom.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    void sample(long now) {
        up.sample(now);
        down.sample(now);
    }

    SwarmProgress progress(long totalBytes, int connectedPeers, int sources, int webSeeds, boolean complete) {
        return new SwarmProgress(
                totalBytes,
                verifiedBytes.get(),
                down.total(),
                up.total(),
                down.rate(),
                up.rate(),
                connectedPeers,
                sources,
                banned.get(),
                webSeeds,
                complete);
    }
}
