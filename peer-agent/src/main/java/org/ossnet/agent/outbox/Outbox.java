package org.ossnet.agent.outbox;

import static org.ossnet.agent.outbox.RecordFiles.count;
import static org.ossnet.agent.outbox.RecordFiles.events;
import static org.ossnet.agent.outbox.RecordFiles.id;
import static org.ossnet.agent.outbox.RecordFiles.name;
import static org.ossnet.agent.outbox.RecordFiles.nextStamp;
import static org.ossnet.agent.outbox.RecordFiles.stamp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.core.api.DownloadEvent;

/**
 * A durable outbox of download events in one directory. Events are kept in files of one or more records
 * ({@link EventRecord}): events completed while another write was under way are kept together with that next write
 * ({@link GroupCommit}), each file written to a temporary file, forced to disk and renamed into place, so a crash at
 * any instant leaves either whole files or a temporary file the next {@link #open} deletes. Names start with the time
 * of writing, so the oldest are read first, and end with how many events the file holds ({@code x<n>} before the
 * suffix, when more than one), so the outbox is counted without reading it.
 *
 * <p>Bounded: beyond {@link OutboxLimits#maxEvents()} the oldest files are dropped, as are events older than
 * {@link OutboxLimits#maxAge()}, counted in the {@code dropped} file and reported as a warning. A file that is not
 * intact records is moved to {@code quarantine/} (itself bounded) with a warning, and an event the tracker refused is
 * written there alone; neither is ever sent. Several threads and processes may write and read at once: names are
 * unique, and a file another reader deleted first is simply gone. Taking some events of a file out (sent, refused,
 * expired) writes the rest as a new file before the old one goes, so a crash in between can only send an event twice,
 * which the statistics count once (by its id), never lose one.
 */
public final class Outbox {

    /** The most events one file holds: a group is never larger than a batch the sender posts. */
    static final int MAX_EVENTS_PER_FILE = 64;

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
    private final GroupCommit groups;

    private Outbox(Path directory, OutboxLimits limits, Consumer<String> warnings) {
        this.directory = directory;
        this.limits = limits;
        this.warnings = warnings;
        this.groups = new GroupCommit(this::write, Math.min(MAX_EVENTS_PER_FILE, limits.batchEvents()));
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
        RecordFiles.deleteStaleTemporaries(outbox.directory, limits.staleTemporary());
        outbox.size.set(events(outbox.names()));
        return outbox;
    }

    /** The directory. */
    public Path directory() {
        return directory;
    }

    /** Keeps {@code event} durably, with any added at the same time; drops the oldest when over the bound. */
    public void add(DownloadEvent event) throws IOException {
        groups.add(event);
    }

    /**
     * As {@link #add}, without waiting: the future completes once the event is durable, or with what its write threw.
     * {@link #awaitKept} waits for every event kept so far.
     */
    public CompletableFuture<Void> keep(DownloadEvent event) {
        return groups.submit(event);
    }

    /** Returns once every event added or kept so far is written, or its write has failed. */
    public void awaitKept() {
        groups.awaitWritten();
    }

    /** Writes {@code group} as one new file, durably. */
    private void write(List<DownloadEvent> group) throws IOException {
        write(name(nextStamp(), group.getFirst().eventId().toString(), group.size()), group);
        if (size.addAndGet(group.size()) > limits.maxEvents()) {
            trim();
        }
    }

    private void write(String name, List<DownloadEvent> events) throws IOException {
        AtomicFiles.write(directory.resolve(name), EventRecord.encode(events));
        RecordFiles.forceDirectory(directory);
    }

    /**
     * Up to {@code max} of the oldest events. Files that are not intact records are quarantined on the way, with a
     * warning; files another reader removed meanwhile are skipped.
     */
    public List<Entry> oldest(int max) throws IOException {
        List<String> names = names();
        size.set(events(names));
        List<Entry> entries = new ArrayList<>();
        Instant oldest = Instant.now().minus(limits.maxAge());
        int expired = 0;
        for (String name : names) {
            if (entries.size() >= max) {
                break;
            }
            List<DownloadEvent> events = read(name);
            if (events == null) {
                continue;
            }
            List<DownloadEvent> current = events.stream()
                    .filter(e -> !e.completedAt().isBefore(oldest))
                    .toList();
            if (current.size() < events.size()) {
                expired += events.size() - current.size();
                name = replace(name, current);
            }
            for (DownloadEvent event : current) {
                if (entries.size() < max) {
                    entries.add(new Entry(name, event));
                }
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

    /** The events of file {@code name}; null when it is gone or was quarantined as unreadable. */
    private List<DownloadEvent> read(String name) throws IOException {
        int count = count(name);
        try {
            Path file = directory.resolve(name);
            if (Files.size(file) > (long) limits.maxRecordBytes() * count) {
                quarantine(
                        name, "unreadable: larger than " + count + " records of " + limits.maxRecordBytes() + " bytes");
                return null;
            }
            List<DownloadEvent> events =
                    EventRecord.decodeAll(Files.readAllBytes(file), limits.maxRecordBytes(), count);
            if (events.size() != count) {
                throw new CorruptRecordException("its name says " + count + " events, it holds " + events.size());
            }
            return events;
        } catch (NoSuchFileException e) {
            return null;
        } catch (CorruptRecordException e) {
            quarantine(name, "unreadable: " + e.getMessage());
            return null;
        }
    }

    /**
     * Replaces file {@code name} by one holding only {@code kept} (none: deletes it) and returns the new file's name.
     * The new file is durable before the old one goes.
     */
    private String replace(String name, List<DownloadEvent> kept) throws IOException {
        String replacement = kept.isEmpty() ? null : name(stamp(name), id(name), kept.size());
        if (name.equals(replacement)) {
            return name;
        }
        if (replacement != null) {
            write(replacement, kept);
            size.addAndGet(kept.size());
        }
        if (Files.deleteIfExists(directory.resolve(name))) {
            size.addAndGet(-count(name));
        }
        return replacement;
    }

    /** Deletes the events of {@code entries}, the tracker having acknowledged them. */
    public void remove(Collection<Entry> entries) throws IOException {
        Map<String, Set<UUID>> byFile = new LinkedHashMap<>();
        for (Entry entry : entries) {
            byFile.computeIfAbsent(entry.file(), file -> new HashSet<>())
                    .add(entry.event().eventId());
        }
        for (Map.Entry<String, Set<UUID>> file : byFile.entrySet()) {
            without(file.getKey(), file.getValue());
        }
    }

    /** Moves the event of {@code entry} aside, never to be sent, with a warning saying {@code why}. */
    public void quarantine(Entry entry, String why) throws IOException {
        if (count(entry.file()) == 1) {
            quarantine(entry.file(), "refused by the tracker: " + why);
            return;
        }
        String name = name(stamp(entry.file()), entry.event().eventId().toString(), 1);
        Path aside = Files.createDirectories(directory.resolve(QUARANTINE));
        AtomicFiles.write(aside.resolve(name), EventRecord.encode(entry.event()));
        without(entry.file(), Set.of(entry.event().eventId()));
        warned(name, aside, "refused by the tracker: " + why);
    }

    /** Takes the events with {@code ids} out of file {@code name}: deletes it, or replaces it by the rest. */
    private void without(String name, Set<UUID> ids) throws IOException {
        if (ids.size() >= count(name)) {
            if (Files.deleteIfExists(directory.resolve(name))) {
                size.addAndGet(-count(name));
            }
            return;
        }
        List<DownloadEvent> events = read(name);
        if (events != null) {
            replace(
                    name,
                    events.stream().filter(e -> !ids.contains(e.eventId())).toList());
        }
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
        return RecordFiles.names(directory.resolve(QUARANTINE)).size();
    }

    private void quarantine(String name, String why) throws IOException {
        Path aside = Files.createDirectories(directory.resolve(QUARANTINE));
        try {
            Files.move(directory.resolve(name), aside.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        size.addAndGet(-count(name));
        warned(name, aside, why);
    }

    /** Warns that {@code name} is now in {@code aside}, and keeps that directory within its bound. */
    private void warned(String name, Path aside, String why) throws IOException {
        warnings.accept("warning: download event " + name + " moved to " + aside + ", " + why);
        List<String> kept = RecordFiles.names(aside);
        for (int i = 0; i < kept.size() - limits.maxQuarantined(); i++) {
            Files.deleteIfExists(aside.resolve(kept.get(i)));
        }
    }

    /** Drops the oldest files while the events are over the bound, and adds them to the {@code dropped} count. */
    private void trim() throws IOException {
        synchronized (trimming) {
            List<String> names = names();
            int total = events(names);
            int dropped = 0;
            for (int i = 0; i < names.size() && total - dropped > limits.maxEvents(); i++) {
                if (Files.deleteIfExists(directory.resolve(names.get(i)))) {
                    dropped += count(names.get(i));
                }
            }
            size.set(total - dropped);
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
        return RecordFiles.names(directory);
    }
}
