package org.ossnet.agent.swarm;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ossnet.agent.picker.BlockRequest;
import org.ossnet.agent.storage.Blocks;
import org.ossnet.agent.storage.Digests;
import org.ossnet.core.torrent.Info;

/**
 * One BEP 19 web seed: the file at a URL, read with HTTP range requests by {@link SwarmConfig#webSeedConnections()}
 * virtual threads. Each takes blocks from the session's picker like a peer (so it fetches what no peer is fetching,
 * except in end game), fetches the whole pieces they lie in as one run of bytes, checks each piece's SHA-1 and only
 * then hands the blocks on to be stored.
 *
 * <p>Errors worth waiting out (429, 5xx, timeouts) give the blocks back and pause the seed, for the server's {@code
 * Retry-After} or a back-off that doubles from {@link SwarmConfig#webSeedRetryDelay()} up to 10 minutes. A piece that
 * fails its hash drops the seed for good, as a ban; so does a response no wait will mend, such as a 404.
 *
 * <p>The origin's web seed is held back while peers and mirrors deliver, when {@link SwarmConfig#originFallback()} says
 * so: it then fetches only while the rest of the swarm has stalled.
 */
final class WebSeed implements Source {

    /** Bytes asked for in one request, unless a piece is bigger: large enough to amortise a request, small to hold. */
    static final int REQUEST_BYTES = 1024 * 1024;

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private final WebSeedHttp http;
    private final Info info;
    private final WebSeeds owner;
    private final SwarmConfig config;
    private final int piecesPerRequest;
    private final boolean origin;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopped;
    private int errors;
    private long retryAtNanos = System.nanoTime();

    /** {@code origin}: whether this is the publisher's origin rather than a mirror, for the download statistics. */
    WebSeed(WebSeedHttp http, Info info, WebSeeds owner, SwarmConfig config, boolean origin) {
        this.http = http;
        this.origin = origin;
        this.info = info;
        this.owner = owner;
        this.config = config;
        this.piecesPerRequest = Math.max(1, REQUEST_BYTES / info.pieceLength());
    }

    URI uri() {
        return http.uri();
    }

    boolean isOrigin() {
        return origin;
    }

    synchronized void start() {
        for (int i = 0; i < config.webSeedConnections(); i++) {
            workers.add(Thread.ofVirtual().name("webseed-" + i + "-" + uri()).start(this::work));
        }
    }

    synchronized void stop() {
        stopped = true;
        workers.forEach(Thread::interrupt);
        http.close();
    }

    private void work() {
        try {
            while (!stopped && !owner.finished()) {
                long wait = waitNanos();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                    continue;
                }
                long held = owner.holdBackNanos(this);
                if (held > 0) {
                    Thread.sleep(Duration.ofNanos(Math.min(held, config.tick().toNanos())));
                    continue;
                }
                List<BlockRequest> batch = owner.take(this, piecesPerRequest * Blocks.count(info.pieceLength()));
                if (batch.isEmpty()) {
                    Thread.sleep(config.tick());
                } else {
                    fetch(batch);
                }
            }
        } catch (InterruptedException e) {
            // Stopped, or the session closed.
        }
    }

    /** Fetches the pieces of {@code batch} in runs of consecutive pieces, at most {@link #piecesPerRequest} of them. */
    private void fetch(List<BlockRequest> batch) throws InterruptedException {
        TreeMap<Integer, List<BlockRequest>> byPiece = new TreeMap<>();
        batch.forEach(
                b -> byPiece.computeIfAbsent(b.piece(), p -> new ArrayList<>()).add(b));
        while (byPiece.size() > piecesPerRequest) {
            owner.giveBack(this, byPiece.pollLastEntry().getValue());
        }
        while (!byPiece.isEmpty() && !stopped) {
            int first = byPiece.firstKey();
            int last = first;
            while (byPiece.containsKey(last + 1)) {
                last++;
            }
            long from = (long) first * info.pieceLength();
            long to = Math.min(info.length(), (long) (last + 1) * info.pieceLength());
            switch (http.fetch(from, (int) (to - from))) {
                case WebSeedHttp.Result.Bytes b -> {
                    int bad = deliver(b.bytes(), first, last, byPiece);
                    if (bad >= 0) {
                        owner.corrupt(this, bad);
                        return;
                    }
                    succeeded();
                }
                case WebSeedHttp.Result.RetryLater r -> {
                    failed(r.retryAfter());
                    owner.giveBack(this, remaining(byPiece));
                    return;
                }
                case WebSeedHttp.Result.Unusable u -> {
                    owner.unusable(this, u.reason());
                    return;
                }
            }
        }
        owner.giveBack(this, remaining(byPiece));
    }

    /** Hands on the blocks of pieces {@code first..last} while their SHA-1 matches; returns the first bad piece, or -1. */
    private int deliver(byte[] bytes, int first, int last, Map<Integer, List<BlockRequest>> byPiece)
            throws InterruptedException {
        for (int piece = first; piece <= last; piece++) {
            int offset = (piece - first) * info.pieceLength();
            int size = info.pieceSize(piece);
            MessageDigest sha1 = Digests.newDigest("SHA-1", size);
            sha1.update(bytes, offset, size);
            if (!info.pieces().matches(piece, sha1.digest())) {
                return piece;
            }
            for (BlockRequest block : byPiece.remove(piece)) {
                owner.deliver(this, block, ByteBuffer.wrap(bytes, offset + block.offset(), block.length()));
            }
        }
        return -1;
    }

    private static List<BlockRequest> remaining(Map<Integer, List<BlockRequest>> byPiece) {
        return byPiece.values().stream().flatMap(List::stream).toList();
    }

    private synchronized long waitNanos() {
        return retryAtNanos - System.nanoTime();
    }

    private synchronized void succeeded() {
        errors = 0;
    }

    private synchronized void failed(Optional<Duration> retryAfter) {
        errors++;
        Duration backoff = retryAfter.orElseGet(() -> {
            Duration doubled = config.webSeedRetryDelay().multipliedBy(1L << Math.min(errors - 1, 20));
            return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        });
        retryAtNanos = System.nanoTime() + backoff.toNanos();
    }

    @Override
    public String toString() {
        return "web seed " + uri();
    }
}
