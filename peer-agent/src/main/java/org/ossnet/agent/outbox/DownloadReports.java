package org.ossnet.agent.outbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;
import org.ossnet.agent.fetch.Transfer;
import org.ossnet.agent.swarm.BytesBySource;
import org.ossnet.core.api.DownloadEvent;

/**
 * What a command does with a completed, verified download: turns it into a {@link DownloadEvent} with a new id and
 * keeps it in the publisher's outbox, {@code <state>/outbox/<publisher>/}. Keeping it never fails the download: a
 * write that fails is a warning.
 */
public final class DownloadReports {

    private final Outbox outbox;
    private final String clientKind;
    private final Consumer<String> warnings;

    public DownloadReports(Outbox outbox, String clientKind, Consumer<String> warnings) {
        this.outbox = outbox;
        this.clientKind = clientKind;
        this.warnings = warnings;
    }

    /**
     * The outbox of {@code publisher} ({@code host[:port]} as in names) below {@code root}, the agent's
     * {@code <state>/outbox}: one directory per publisher, since each publisher's events go to its tracker.
     */
    public static Outbox open(Path root, String publisher, Consumer<String> warnings) throws IOException {
        return Outbox.open(root.resolve(directoryName(publisher)), OutboxLimits.DEFAULTS, warnings);
    }

    /** {@code host[:port]} as a directory name: lower case, {@code :} and brackets as {@code _}. */
    static String directoryName(String publisher) {
        return publisher.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_");
    }

    /** The outbox. */
    public Outbox outbox() {
        return outbox;
    }

    /**
     * Keeps the event of one downloaded file.
     *
     * @param collection the collection's {@code ossnet://} name
     * @param version the snapshot version it came from
     * @param path its path within the collection
     * @param size its size
     * @param transfer how it was downloaded
     */
    public void completed(String collection, long version, String path, long size, Transfer transfer) {
        try {
            outbox.add(event(collection, version, path, size, transfer, clientKind));
        } catch (IOException | RuntimeException e) {
            warnings.accept("warning: could not keep the download event of " + path + " in " + outbox.directory() + ": "
                    + e.getMessage());
        }
    }

    /**
     * As {@link #completed}, without waiting for the event to be durable: a command that keeps many events in a short
     * time (a {@code get} of many small files) goes on while they are written, and calls {@link #awaitKept} before it
     * sends them or exits. A write that fails is a warning, as there.
     */
    public void completedLater(String collection, long version, String path, long size, Transfer transfer) {
        outbox.keep(event(collection, version, path, size, transfer, clientKind))
                .exceptionally(e -> {
                    warnings.accept("warning: could not keep the download event of " + path + " in "
                            + outbox.directory() + ": " + e.getMessage());
                    return null;
                });
    }

    /** Returns once every event kept so far is written, or its write has failed (and was warned of). */
    public void awaitKept() {
        outbox.awaitKept();
    }

    /**
     * The event of one download, with a new id that sorts by its completion time ({@link EventIds}). The byte counts
     * by source never add up to more than {@code size}: should a race count a block twice, the excess comes off the
     * peers' share, then the mirrors'.
     */
    static DownloadEvent event(
            String collection, long version, String path, long size, Transfer transfer, String clientKind) {
        BytesBySource by = transfer.bytes();
        long origin = Math.min(by.origin(), size);
        long mirrors = Math.min(by.mirrors(), size - origin);
        long peers = Math.min(by.peers(), size - origin - mirrors);
        Instant completedAt = transfer.completedAt();
        return new DownloadEvent(
                EventIds.at(completedAt),
                collection,
                version,
                path,
                size,
                peers,
                mirrors,
                origin,
                null,
                clientKind,
                Math.max(0, transfer.duration().toMillis()),
                completedAt);
    }
}
