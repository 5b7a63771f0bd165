package org.ossnet.agent.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The files of an outbox: their names, which say their order and how many events each holds, and what is done to the
 * directory as a whole.
 */
final class RecordFiles {

    static final String SUFFIX = ".event";

    /** The last name stamp this process gave: stamps only grow, so events added here are read back in order. */
    private static final AtomicLong LAST_STAMP = new AtomicLong();

    private RecordFiles() {}

    /**
     * A file's name: the stamp first for the order, then the first event's id for uniqueness across threads and
     * processes, then {@code x<count>} when it holds more than one event.
     */
    static String name(long stamp, String firstId, int count) {
        String digits = Long.toString(stamp); // not String.format: its parsing cost a per-event share of a small get
        return "0".repeat(Math.max(0, 13 - digits.length())) + digits + "-" + firstId + (count == 1 ? "" : "x" + count)
                + SUFFIX;
    }

    /** How many events file {@code name} holds, as its name says. */
    static int count(String name) {
        String base = name.substring(0, name.length() - SUFFIX.length());
        int x = base.lastIndexOf('x');
        try {
            return x < 0 ? 1 : Math.max(1, Integer.parseInt(base.substring(x + 1)));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The stamp a name starts with; 0 for a name no outbox gave. */
    static long stamp(String name) {
        int dash = name.indexOf('-');
        try {
            return dash < 0 ? 0 : Long.parseLong(name.substring(0, dash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The first event's id a name holds (whatever stands there, for a name no outbox gave). */
    static String id(String name) {
        String base = name.substring(name.indexOf('-') + 1, name.length() - SUFFIX.length());
        int x = base.lastIndexOf('x');
        return x < 0 ? base : base.substring(0, x);
    }

    /** How many events the files {@code names} hold. */
    static int events(List<String> names) {
        return names.stream().mapToInt(RecordFiles::count).sum();
    }

    /** The wall clock in milliseconds, or one more than the last stamp when several events come within a millisecond. */
    static long nextStamp() {
        long now = System.currentTimeMillis();
        return LAST_STAMP.updateAndGet(last -> Math.max(now, last + 1));
    }

    /** The names of the event files in {@code directory}, oldest first; none when it does not exist. */
    static List<String> names(Path directory) throws IOException {
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

    /** Deletes the temporary files in {@code directory} older than {@code stale}: a crashed writer's. */
    static void deleteStaleTemporaries(Path directory, Duration stale) throws IOException {
        Instant before = Instant.now().minus(stale);
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

    /** Makes the renames so far durable; where a directory cannot be forced the file is durable all the same. */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform lets a directory be opened; the event's own bytes were forced already.
        }
    }
}
