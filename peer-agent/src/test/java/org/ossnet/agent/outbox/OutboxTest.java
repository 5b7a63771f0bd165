package org.ossnet.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.DownloadEvent;

/** The durable outbox: order, deletion, a crash's leftovers, the bound, concurrent writers. */
@Timeout(60)
class OutboxTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private Outbox open() throws Exception {
        return open(OutboxLimits.DEFAULTS);
    }

    private Outbox open(OutboxLimits limits) throws Exception {
        return Outbox.open(dir, limits, warnings::add);
    }

    @Test
    void readsTheOldestFirstAndForgetsWhatIsRemoved() throws Exception {
        Outbox outbox = open();
        List<DownloadEvent> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DownloadEvent e = OutboxFixtures.event("f" + i);
            outbox.add(e);
            written.add(e);
        }

        List<Outbox.Entry> first = outbox.oldest(3);
        assertThat(first).extracting(Outbox.Entry::event).containsExactlyElementsOf(written.subList(0, 3));
        outbox.remove(first);

        assertThat(outbox.size()).isEqualTo(2);
        assertThat(open().oldest(10)).extracting(Outbox.Entry::event).containsExactlyElementsOf(written.subList(3, 5));
        assertThat(warnings).isEmpty();
    }

    @Test
    void survivesACrashAtAnyInstantOfAWrite() throws Exception {
        Outbox outbox = open();
        DownloadEvent whole = OutboxFixtures.event("whole");
        outbox.add(whole);
        // A writer killed before its rename leaves a temporary file; one still writing leaves a fresh one.
        Path stale = Files.writeString(dir.resolve(".0000000000001-x.event-123.tmp"), "OSSNET-EVENT 1 ");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path fresh = Files.writeString(dir.resolve(".0000000000002-y.event-456.tmp"), "OSSNET-EVENT 1 ");

        Outbox reopened = open();

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(reopened.oldest(10)).extracting(Outbox.Entry::event).containsExactly(whole);
    }

    @Test
    void setsAsideATruncatedAndACorruptRecordAndReadsTheRest() throws Exception {
        Outbox outbox = open();
        outbox.add(OutboxFixtures.event("truncated"));
        outbox.add(OutboxFixtures.event("corrupt"));
        DownloadEvent good = OutboxFixtures.event("good");
        outbox.add(good);
        List<Path> files = eventFiles();
        byte[] first = Files.readAllBytes(files.get(0));
        Files.write(files.get(0), Arrays.copyOf(first, first.length / 2));
        byte[] second = Files.readAllBytes(files.get(1));
        second[second.length - 5] ^= 0x20;
        Files.write(files.get(1), second);

        List<Outbox.Entry> read = outbox.oldest(10);

        assertThat(read).extracting(Outbox.Entry::event).containsExactly(good);
        assertThat(outbox.quarantined()).isEqualTo(2);
        assertThat(outbox.size()).isEqualTo(1);
        assertThat(warnings).hasSize(2).allMatch(w -> w.startsWith("warning: download event"));
        assertThat(warnings.get(0)).contains("unreadable");
        assertThat(warnings.get(1)).contains("CRC-32C");
    }

    @Test
    void dropsTheOldestBeyondItsBoundAndCountsThem() throws Exception {
        Outbox outbox = open(OutboxLimits.DEFAULTS.withMaxEvents(3));
        List<DownloadEvent> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DownloadEvent e = OutboxFixtures.event("f" + i);
            outbox.add(e);
            written.add(e);
        }

        assertThat(outbox.oldest(10)).extracting(Outbox.Entry::event).containsExactlyElementsOf(written.subList(2, 5));
        assertThat(outbox.dropped()).isEqualTo(2);
        assertThat(warnings).hasSize(2).allMatch(w -> w.contains("holds its bound of 3 events"));
        assertThat(warnings.getLast()).contains("(2 dropped in all)");
    }

    @Test
    void dropsEventsOlderThanTheStatisticsKeep() throws Exception {
        Outbox outbox = open();
        outbox.add(OutboxFixtures.event("old", Instant.now().minus(400, ChronoUnit.DAYS)));
        DownloadEvent recent = OutboxFixtures.event("recent");
        outbox.add(recent);

        assertThat(outbox.oldest(10)).extracting(Outbox.Entry::event).containsExactly(recent);
        assertThat(outbox.dropped()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("completed over 365 days ago");
    }

    @Test
    void quarantinesARefusedEventAndNeverReadsItAgain() throws Exception {
        Outbox outbox = open();
        outbox.add(OutboxFixtures.event("bad"));
        Outbox.Entry entry = outbox.oldest(1).getFirst();

        outbox.quarantine(entry, "events[0].path: not in the snapshot");

        assertThat(outbox.oldest(10)).isEmpty();
        assertThat(outbox.quarantined()).isEqualTo(1);
        assertThat(warnings.getFirst()).contains("refused by the tracker: events[0].path: not in the snapshot");
    }

    @Test
    void takesEveryEventOfConcurrentWriters() throws Exception {
        Outbox outbox = open();
        int threads = 8;
        int each = 50;
        List<Thread> writers = new ArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int writer = t;
            writers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    try {
                        outbox.add(OutboxFixtures.event("w" + writer + "/" + i));
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }

        assertThat(failures).isEmpty();
        assertThat(outbox.size()).isEqualTo(threads * each);
        assertThat(open().oldest(threads * each + 1))
                .hasSize(threads * each)
                .extracting(e -> e.event().eventId())
                .doesNotHaveDuplicates();
    }

    @Test
    void readsAFileOfSeveralEventsAndKeepsWhatIsNotRemovedYet() throws Exception {
        List<DownloadEvent> written = eventFile("a", "b", "c");
        Outbox outbox = open();
        assertThat(outbox.size()).isEqualTo(3);

        List<Outbox.Entry> firstTwo = outbox.oldest(2);
        assertThat(firstTwo).extracting(Outbox.Entry::event).containsExactlyElementsOf(written.subList(0, 2));
        outbox.remove(firstTwo);

        assertThat(outbox.size()).isEqualTo(1);
        assertThat(eventFiles())
                .singleElement()
                .satisfies(
                        file -> assertThat(RecordFiles.count(file.getFileName().toString()))
                                .isEqualTo(1));
        Outbox reopened = open();
        assertThat(reopened.size()).isEqualTo(1);
        List<Outbox.Entry> rest = reopened.oldest(10);
        assertThat(rest).extracting(Outbox.Entry::event).containsExactly(written.get(2));
        reopened.remove(rest);
        assertThat(eventFiles()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void quarantinesOneRefusedEventOfAFileAndKeepsTheOthers() throws Exception {
        List<DownloadEvent> written = eventFile("a", "refused", "c");
        Outbox outbox = open();

        outbox.quarantine(outbox.oldest(10).get(1), "events[1].path: not in the snapshot");

        assertThat(outbox.quarantined()).isEqualTo(1);
        assertThat(open().oldest(10)).extracting(Outbox.Entry::event).containsExactly(written.get(0), written.get(2));
        assertThat(warnings).singleElement().asString().contains("refused by the tracker");
    }

    @Test
    void setsAsideAFileHoldingOtherThanTheEventsItsNameSays() throws Exception {
        List<DownloadEvent> written = List.of(OutboxFixtures.event("a"), OutboxFixtures.event("b"));
        Files.write(
                dir.resolve(RecordFiles.name(1000, written.getFirst().eventId().toString(), 3)),
                EventRecord.encode(written));
        byte[] cut = EventRecord.encode(written);
        Files.write(
                dir.resolve(RecordFiles.name(1001, written.get(1).eventId().toString(), 2)),
                Arrays.copyOf(cut, cut.length - 10));
        Outbox outbox = open();

        assertThat(outbox.oldest(10)).isEmpty();
        assertThat(outbox.quarantined()).isEqualTo(2);
        assertThat(warnings).hasSize(2).allMatch(w -> w.contains("unreadable"));
    }

    /** Writes one outbox file holding an event of each of {@code paths}, as a group commit does; returns them. */
    private List<DownloadEvent> eventFile(String... paths) throws Exception {
        List<DownloadEvent> events =
                Arrays.stream(paths).map(OutboxFixtures::event).toList();
        Files.write(
                dir.resolve(RecordFiles.name(1000, events.getFirst().eventId().toString(), events.size())),
                EventRecord.encode(events));
        return events;
    }

    private List<Path> eventFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".event"))
                    .sorted()
                    .toList();
        }
    }
}
