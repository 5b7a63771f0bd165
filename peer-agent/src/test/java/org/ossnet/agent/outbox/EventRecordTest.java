package org.ossnet.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.DownloadEvent;

/** The outbox record: read back whole, refused when cut at any byte, refused when any byte is wrong. */
class EventRecordTest {

    private static final int MAX = OutboxLimits.DEFAULTS.maxRecordBytes();

    @Test
    void readsBackTheEventItWrote() throws Exception {
        DownloadEvent event = OutboxFixtures.event("a/b.iso");

        byte[] bytes = EventRecord.encode(event);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("OSSNET-EVENT 1 ");
        assertThat(EventRecord.decode(bytes, MAX)).isEqualTo(event);
    }

    @Test
    void refusesARecordCutShortAtEveryByte() {
        byte[] bytes = EventRecord.encode(OutboxFixtures.event("a.iso"));

        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> EventRecord.decode(cut, MAX))
                    .as("cut at %d", length)
                    .isInstanceOf(CorruptRecordException.class);
        }
    }

    @Test
    void refusesARecordWithAnyByteChanged() {
        byte[] bytes = EventRecord.encode(OutboxFixtures.event("a.iso"));

        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 0x01;
            assertThatThrownBy(() -> EventRecord.decode(changed, MAX))
                    .as("byte %d changed", i)
                    .isInstanceOf(CorruptRecordException.class);
        }
    }

    @Test
    void refusesARecordWithTrailingBytes() {
        byte[] bytes = EventRecord.encode(OutboxFixtures.event("a.iso"));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> EventRecord.decode(longer, MAX)).hasMessageContaining("the header says");
    }

    @Test
    void refusesAnIntactRecordOfAnIncompleteEvent() {
        DownloadEvent e = OutboxFixtures.event("a.iso");
        byte[] bytes = EventRecord.encode(new DownloadEvent(
                e.eventId(),
                e.collection(),
                e.version(),
                e.path(),
                e.bytes(),
                null,
                e.bytesFromMirrors(),
                e.bytesFromOrigin(),
                null,
                e.clientKind(),
                e.durationMs(),
                e.completedAt()));

        assertThatThrownBy(() -> EventRecord.decode(bytes, MAX)).hasMessageContaining("byte counts");
    }

    @Test
    void refusesOtherFilesAndOversizedOnes() {
        assertThatThrownBy(() -> EventRecord.decode("hello\n{}".getBytes(StandardCharsets.US_ASCII), MAX))
                .hasMessageContaining("not an event record");
        assertThatThrownBy(() -> EventRecord.decode(new byte[MAX + 1], MAX)).hasMessageContaining("larger than");
        byte[] bytes = EventRecord.encode(OutboxFixtures.event("a.iso"));
        assertThatThrownBy(() -> EventRecord.decode(bytes, bytes.length - 1)).hasMessageContaining("larger than");
    }
}
