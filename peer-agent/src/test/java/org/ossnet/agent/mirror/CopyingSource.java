package org.ossnet.agent.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.ossnet.agent.scan.FileHasher;

/**
 * A {@link ContentSource} standing in for the swarms: it finds each wanted content in the publisher's tree by
 * SHA-256, writes it to its target as a download does (whole, by rename), and counts what it moved.
 */
final class CopyingSource implements ContentSource {

    private final Path origin;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private volatile int failAfter = Integer.MAX_VALUE;
    private volatile boolean corrupt;

    CopyingSource(Path origin) {
        this.origin = origin;
    }

    /** Makes the next fetches stop dead, as SIGKILL would, after {@code n} more files. */
    void crashAfter(int n) {
        failAfter = n;
    }

    /** Makes fetched files arrive with other content than the snapshot's. */
    void corrupt() {
        corrupt = true;
    }

    long bytes() {
        return bytes.get();
    }

    long files() {
        return files.get();
    }

    @Override
    public Fetched fetch(List<Wanted> wanted) {
        Map<String, Path> bySha = new HashMap<>();
        long received = 0;
        try (Stream<Path> all = Files.walk(origin)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                bySha.put(FileHasher.sha256(p), p);
            }
            for (Wanted w : wanted) {
                if (failAfter-- <= 0) {
                    throw new CrashException("killed while fetching " + w.file().path());
                }
                Files.createDirectories(w.target().getParent());
                Path part = w.target().resolveSibling(w.target().getFileName() + ".ossnet-part");
                if (corrupt) {
                    Files.writeString(part, "x".repeat((int) w.file().size()));
                } else {
                    Files.copy(bySha.get(w.file().sha256()), part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, w.target(), StandardCopyOption.ATOMIC_MOVE);
                bytes.addAndGet(w.file().size());
                received += w.file().size();
                files.incrementAndGet();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Fetched(Map.of(), received);
    }

    /** Stops a sync dead, standing for SIGKILL. */
    static final class CrashException extends RuntimeException {
        CrashException(String message) {
            super(message);
        }
    }
}
