package org.ossnet.agent.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.ossnet.agent.ratelimit.Throttle;
import org.ossnet.agent.storage.ContentMismatchException;
import org.ossnet.agent.storage.FinalPlacement;
import org.ossnet.agent.swarm.BytesBySource;
import org.ossnet.agent.swarm.PeerTraffic;
import org.ossnet.agent.swarm.SwarmConfig;

/**
 * Small files straight from web seeds, before any swarm: a whole-file GET costs one round trip on a kept-alive
 * connection, where a swarm costs a torrent lookup, announces and peer handshakes before its first byte — more than a
 * file of a few hundred KiB takes to arrive (Dragonfly's users measured 1.8-4.2 s for a 10 KB file). Each file is
 * asked of the mirrors first, then of the origin ({@link WebSeedBases}); its body goes into the part file, is proven
 * against the signed SHA-256 and renamed into place by the same {@link FinalPlacement} step as a swarm's file. A file
 * no web seed serves correctly is left to its swarm, with nothing of it at its final path.
 */
final class HttpFirst {

    /**
     * Files smaller than this go over HTTP first unless {@code get} is told otherwise: most packages of a
     * distribution are below it, and a file this size comes over one connection in about the time a swarm needs to
     * find its first peer.
     */
    static final long DEFAULT_BELOW = 1024 * 1024;

    /**
     * How many files are fetched at once, each on a connection of its own kept alive for the next: enough to hide a
     * round trip on a fast link, few enough that a mirror or origin sees an ordinary client (aria2c defaults to five).
     */
    static final int CONNECTIONS = 8;

    /** The most taken from the download cap at once: a block, smaller than any bucket's burst. */
    private static final int BLOCK = 16 * 1024;

    private final WebSeedBases bases;
    private final Throttle throttle;
    private final PeerTraffic traffic;

    HttpFirst(WebSeedBases bases, SwarmConfig config) {
        this.bases = bases;
        this.throttle =
                config.sharedRates() == null ? null : config.sharedRates().download();
        this.traffic = config.traffic();
    }

    /**
     * Fetches {@code planned} from the first web seed that serves it with the signed SHA-256 and puts it in place,
     * over {@code http}'s connections.
     *
     * @return how it came, or empty if no web seed served it: nothing of it is at its final path then, nor in a part
     *     file
     */
    Optional<Transfer> fetch(PlannedFile planned, HttpFileGet http) throws InterruptedException {
        long started = System.nanoTime();
        Path target = planned.target();
        Path part = FinalPlacement.partFile(target);
        long size = planned.file().size();
        byte[] expected = HexFormat.of().parseHex(planned.file().sha256());
        try {
            if (!Files.isDirectory(target.getParent())) {
                Files.createDirectories(target.getParent());
            }
            for (WebSeedBases.Base base : bases.usable()) {
                charge(size);
                URI url = base.url(planned.file());
                switch (http.fetch(url, part, size)) {
                    case HttpFileGet.Result.Fetched fetched -> {
                        try {
                            FinalPlacement.place(target, expected, fetched.sha256());
                        } catch (ContentMismatchException e) {
                            bases.drop(base, "sent " + url + " with another SHA-256 than the signed snapshot's");
                            continue;
                        }
                        if (traffic != null) {
                            traffic.receivedOverHttp(url, size);
                        }
                        BytesBySource by =
                                base.origin() ? new BytesBySource(0, 0, size) : new BytesBySource(0, size, 0);
                        return Optional.of(
                                new Transfer(by, Duration.ofNanos(System.nanoTime() - started), Instant.now()));
                    }
                    case HttpFileGet.Result.Missing missing -> {
                        // This tree lacks the file, or cannot serve it now; it may serve the next one.
                    }
                    case HttpFileGet.Result.Broken broken -> bases.drop(base, broken.reason());
                }
            }
        } catch (IOException e) {
            // The output directory or the rename failed: the swarm meets the same problem and reports it.
        }
        deleteQuietly(part);
        return Optional.empty();
    }

    /** Takes the file's bytes from the download cap before asking for them, a block at a time as the swarm does. */
    private void charge(long size) throws InterruptedException {
        for (long left = size; throttle != null && left > 0; left -= BLOCK) {
            throttle.acquire(Math.min(left, BLOCK));
        }
    }

    private static void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // A part file never counts as the file; the swarm that takes over truncates or re-verifies it.
        }
    }
}
