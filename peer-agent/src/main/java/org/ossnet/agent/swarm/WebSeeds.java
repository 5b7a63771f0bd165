package org.ossnet.agent.swarm;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.agent.picker.BlockRequest;
import org.ossnet.agent.picker.PiecePicker;
import org.ossnet.agent.ratelimit.Throttle;
import org.ossnet.core.torrent.Info;

/**
 * The web seeds of one session: adds them, lends them blocks from the picker, passes their verified blocks to the
 * handler, and drops those that sent bad data (counted as bans) or that cannot serve the file. A dropped URL is not
 * taken again.
 */
final class WebSeeds {

    private final TorrentSession session;
    private final SwarmHandler handler;
    private final PiecePicker<Source> picker;
    private final SessionCounters counters;
    private final Throttle downloadThrottle;
    private final Info info;
    private final SwarmConfig config;
    private final Map<URI, WebSeed> seeds = new ConcurrentHashMap<>();
    private final Map<URI, String> dropped = new ConcurrentHashMap<>();

    WebSeeds(
            TorrentSession session,
            SwarmHandler handler,
            PiecePicker<Source> picker,
            SessionCounters counters,
            Throttle downloadThrottle,
            Info info,
            SwarmConfig config) {
        this.counters = counters;
        this.downloadThrottle = downloadThrottle;
        this.session = session;
        this.handler = handler;
        this.picker = picker;
        this.info = info;
        this.config = config;
    }

    /**
     * Starts using the web seed at {@code url}, unless it is in use already or was dropped; returns whether it
     * started. As BEP 19 says for a single-file torrent, a URL ending in {@code /} names a directory holding the file
     * under the torrent's name.
     *
     * @throws IllegalArgumentException if the URL is not absolute http or https
     */
    boolean add(URI url) {
        return add(url, false);
    }

    /** As {@link #add(URI)}; {@code origin} says whether its bytes count as the origin's or a mirror's. */
    boolean add(URI url, boolean origin) {
        URI file = fileUri(url, info.name());
        if (dropped.containsKey(file) || picker.isComplete()) {
            return false;
        }
        var seed = new WebSeed(new WebSeedHttp(file, info.length(), config), info, this, config, origin);
        if (seeds.putIfAbsent(file, seed) != null) {
            return false;
        }
        synchronized (seed) {
            picker.haveAll(seed);
        }
        seed.start();
        return true;
    }

    /**
     * Adds each URL of a {@code url-list}, skipping those that are not http or https; returns how many started. The
     * one equal to {@code origin} (may be null) counts as the origin, the others as mirrors.
     */
    int addAll(List<String> urls, String origin) {
        int started = 0;
        for (String url : urls) {
            try {
                started += add(new URI(url), url.equals(origin)) ? 1 : 0;
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a URL this client can fetch from; the others still count.
            }
        }
        return started;
    }

    static URI fileUri(URI url, String name) {
        String scheme = url.getScheme();
        if (!url.isAbsolute() || url.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalArgumentException("a web seed must be an absolute http or https URL: " + url);
        }
        if (!url.getRawPath().endsWith("/")) {
            return url;
        }
        try {
            return url.resolve(new URI(null, null, "./" + name, null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the file name cannot be put in a URL: " + name, e);
        }
    }

    /**
     * At least this long of silence from peers and mirrors before the origin's web seed takes blocks, whatever the
     * configuration says; see {@link TorrentSession#holdOriginBack}.
     */
    private volatile long originHoldNanos;

    void holdOriginBack(Duration hold) {
        originHoldNanos = hold.toNanos();
    }

    /** The web seeds in use. */
    int active() {
        return seeds.size();
    }

    boolean finished() {
        return picker.isComplete() || !session.isOpen();
    }

    /**
     * How much longer the origin's web seed waits before it may take blocks: until peers and mirrors have given nothing
     * for {@link SwarmConfig#originFallback()}; zero when it may take them now, and always for other web seeds.
     */
    long holdBackNanos(WebSeed seed) {
        long fallback = Math.max(config.originFallback().toNanos(), originHoldNanos);
        return seed.isOrigin() && fallback > 0 ? fallback - counters.nanosSinceOthersGaveBlock() : 0;
    }

    /** Up to {@code blocks} more blocks for {@code seed} to fetch; several workers of one seed take in turn. */
    List<BlockRequest> take(WebSeed seed, int blocks) {
        synchronized (seed) {
            return picker.nextRequests(seed, picker.outstanding(seed).size() + blocks);
        }
    }

    /**
     * A block of a piece whose SHA-1 the seed has checked. The session's download cap is charged here, block by
     * block, so the seed's next request waits until the bytes it has just received fit the cap.
     */
    void deliver(WebSeed seed, BlockRequest block, ByteBuffer data) throws InterruptedException {
        if (downloadThrottle != null) {
            downloadThrottle.acquire(block.length());
        }
        counters.downloadedOverHttp(seed.uri(), block.length(), seed.isOrigin());
        handler.webSeedBlock(seed, block, data);
    }

    /** Blocks the seed will not fetch now: back to the pool for anyone. */
    void giveBack(WebSeed seed, List<BlockRequest> blocks) {
        synchronized (seed) {
            blocks.forEach(b -> picker.rejected(seed, b));
        }
    }

    /** The seed sent a piece that failed its hash: dropped as a ban; its blocks return to the pool. */
    void corrupt(WebSeed seed, int piece) {
        drop(seed, "piece " + piece + " failed its SHA-1");
        counters.banned();
    }

    /** The seed cannot serve this file: dropped; its blocks return to the pool. */
    void unusable(WebSeed seed, String reason) {
        drop(seed, reason);
    }

    /** Why each dropped web seed was dropped, by its file URL. */
    Map<URI, String> dropped() {
        return Map.copyOf(dropped);
    }

    private void drop(WebSeed seed, String reason) {
        seed.stop();
        dropped.put(seed.uri(), reason);
        seeds.remove(seed.uri(), seed);
        synchronized (seed) {
            picker.peerDisconnected(seed);
        }
    }

    void close() {
        seeds.values().forEach(WebSeed::stop);
    }
}
