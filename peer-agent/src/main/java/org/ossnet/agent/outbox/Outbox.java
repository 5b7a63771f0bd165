package org.ossnet.agent.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.core.api.DownloadEvent;

/**
 * A durable outbox of download events in one directory: one file per event ({@link EventRecord}), written to a
 * temporary file, forced to disk and renamed into place, so a crash at any instant leaves either the whole event or a
 * temporary file the next {@link #open} deletes. Names start with the time of writing, so the oldest are read first.
 *
 * <p>Bounded: beyond {@link OutboxLimits#maxEvents()} the oldest events are dropped, as are events older than
 * {@link OutboxLimits#maxAge()}, counted in the {@code dropped} file and reported as a warning. A file that is not an intact record, or an event the tracker refused, is moved to
 * {@code quarantine/} (itself bounded) with a warning, never sent. Several threads and processes may write and read
 * at once: names are unique, and a file another reader deleted first is simply gone.
 */
public final class Outbox {

    static final String SUFFIX = ".event";

    /** The last name stamp this process gave: stamps only grow, so events added here are read back in order. */
    private static final AtomicLong LAST_STAMP = new AtomicLong();

    static final String QUARANTINE = "quarantine";
    static final String DROPPED = "dropped";

    /**
     * An event read back, with the name of its file.
     *
     * @param file the file's name in the outbox
     * @param event the event
     */
    public record Entry(String file, DownloadEvent event) {}

    private final Path directory;
    private final OutboxLimits limits;
    private final Consumer<String> warnings;
    private final AtomicInteger size = new AtomicInteger();
    private final Object trimming = new Object();
    private final AtomicLong renamed = new AtomicLong();
    private final Object directoryForce = new Object();
    private long forcedRenames;

    private Outbox(Path directory, OutboxLimits limits, Consumer<String> warnings) {
        this.directory = directory;
        this.limits = limits;
        this.warnings = warnings;
    }

    /**
     * The outbox in {@code directory}, created if absent; temporary files older than
     * {@link OutboxLimits#staleTemporary()} (a crashed writer's) are deleted.
     *
     * @param warnings takes a line for each event dropped, quarantined or unreadable
     */
    public static Outbox open(Path directory, OutboxLimits limits, Consumer<String> warnings) throws IOException {
        Files.createDirectories(directory);
        Outbox outbox = new Outbox(directory.toAbsolutePath().normalize(), limits, warnings);
        outbox.deleteStaleTemporaries();
        outbox.size.set(outbox.names().size());
        return outbox;
    }

    /** The directory. */
    public Path directory() {
        return directory;
    }

    /** Keeps {@code event} durably; drops the oldest when over the bound. */
    public void add(DownloadEvent event) throws IOException {
        byte[] bytes = EventRecord.encode(event);
        // Millisecond time first for the order, the event's id for uniqueness across threads and processes.
        String name = String.format("%013d-%s%s", nextStamp(), event.eventId(), SUFFIX);
        AtomicFiles.write(directory.resolve(name), bytes);
        forceDirectoryAfter(renamed.incrementAndGet());
        if (size.incrementAndGet() > limits.maxEvents()) {
            trim();
        }
    }

    /**
     * Up to {@code max} of the oldest events. Files that are not intact records are quarantined on the way, with a
     * warning; files another reader removed meanwhile are skipped.
     */
    public List<Entry> oldest(int max) throws IOException {
        List<String> names = names();
        size.set(names.size());
        List<Entry> entries = new ArrayList<>();
        Instant oldest = Instant.now().minus(limits.maxAge());
        int expired = 0;
        for (String name : names) {
            if (entries.size() >= max) {
                break;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(directory.resolve(name));
            } catch (NoSuchFileException e) {
                continue;
            }
            DownloadEvent event;
            try {
                event = EventRecord.decode(bytes, limits.maxRecordBytes());
            } catch (CorruptRecordException e) {
                quarantine(name, "unreadable: " + e.getMessage());
                continue;
            }
            if (event.completedAt().isBefore(oldest)) {
                if (Files.deleteIfExists(directory.resolve(name))) {
                    size.decrementAndGet();
                    expired++;
                }
            } else {
                entries.add(new Entry(name, event));
            }
        }
        if (expired > 0) {
            countDropped(
                    expired,
                    "dropped " + expired + " download events completed over "
                            + limits.maxAge().toDays() + " days ago, older than the statistics keep");
        }
        return entries;
    }

    /** Deletes the events of {@code entries}, the tracker having acknowledged them. */
    public void remove(Collection<Entry> entries) throws IOException {
        for (Entry entry : entries) {
            if (Files.deleteIfExists(directory.resolve(entry.file()))) {
                size.decrementAndGet();
            }
        }
    }

    /** Moves the event of {@code entry} aside, never to be sent, with a warning saying {@code why}. */
    public void quarantine(Entry entry, String why) throws IOException {
        quarantine(entry.file(), "refused by the tracker: " + why);
    }

    /** How many events wait, as of the last write or read of this process (other processes' changes show at reads). */
    public int size() {
        return Math.max(0, size.get());
    }

    /** How many events were dropped over the bound, ever. */
    public long dropped() throws IOException {
        Path file = directory.resolve(DROPPED);
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return Long.parseLong(
                    Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** How many events were set aside in {@code quarantine/}. */
    public int quarantined() throws IOException {
        return names(directory.resolve(QUARANTINE)).size();
    }

    private void quarantine(String name, String why) throws IOException {
        Path aside = directory.resolve(QUARANTINE);
        Files.createDirectories(aside);
        try {
            Files.move(directory.resolve(name), aside.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        size.decrementAndGet();
        warnings.accept("warning: download event " + name + " moved to " + aside + ", " + why);
        List<String> kept = names(aside);
        for (int i = 0; i < kept.size() - limits.maxQuarantined(); i++) {
            Files.deleteIfExists(aside.resolve(kept.get(i)));
        }
    }

    /** Drops the oldest events over the bound and adds them to the {@code dropped} count. */
    private void trim() throws IOException {
        synchronized (trimming) {
            List<String> names = names();
            int over = names.size() - limits.maxEvents();
            int dropped = 0;
            for (int i = 0; i < over; i++) {
                if (Files.deleteIfExists(directory.resolve(names.get(i)))) {
                    dropped++;
                }
            }
            size.set(names.size() - dropped);
            if (dropped > 0) {
                countDropped(
                        dropped,
                        "the download event outbox " + directory + " holds its bound of " + limits.maxEvents()
                                + " events; dropped the oldest " + dropped);
            }
        }
    }

    private void countDropped(int dropped, String why) throws IOException {
        synchronized (trimming) {
            long total = dropped() + dropped;
            AtomicFiles.write(directory.resolve(DROPPED), (total + "\n").getBytes(StandardCharsets.US_ASCII));
            warnings.accept("warning: " + why + " (" + total + " dropped in all)");
        }
    }

    private List<String> names() throws IOException {
        return names(directory);
    }

    private static List<String> names(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX) && !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private void deleteStaleTemporaries() throws IOException {
        Instant before = Instant.now().minus(limits.staleTemporary());
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(".")
                            && p.getFileName().toString().endsWith(".tmp"))
                    .toList()) {
                try {
                    FileTime modified = Files.getLastModifiedTime(p);
                    if (modified.toInstant().isBefore(before)) {
                        Files.deleteIfExists(p);
                    }
                } catch (NoSuchFileException e) {
                    // Renamed or deleted by its writer meanwhile.
                }
            }
        }
    }

    /**
     * Makes the {@code rename}-th rename durable. One force covers every rename counted before it began, so threads
     * adding at once (a burst of small files) share one force of the directory instead of queueing one each.
     */
    private void forceDirectoryAfter(long rename) {
        synchronized (directoryForce) {
            if (forcedRenames >= rename) {
                return;
            }
            long upTo = renamed.get();
            forceDirectory();
            forcedRenames = upTo;
        }
    }

    /** Makes the renames so far durable; where a directory cannot be forced the file is durable all the same. */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform lets a directory be opened; the event's own bytes were forced already.
        }
    }

    /** The wall clock in milliseconds, or one more than the last stamp when several events come within a millisecond. */
    private static long nextStamp() {
        long now = System.currentTimeMillis();
        return LAST_STAMP.updateAndGet(last -> Math.max(now, last + 1));
    }
}
