package org.ossnet.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.testing.Records.assertEveryComponentSet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventReceipt;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event's hand-written JSON is byte for byte what Jackson's data binding writes for the same record (every field
 * set, or some null), the batch too, and reading either back gives the record again.
 */
class EventJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final DownloadEvent FULL = new DownloadEvent(
            UUID.fromString("5f0e6a2c-1b7d-4c3e-9a51-0d2b8c7e4f10"),
            "ossnet://example.org/fedora \"45\"/",
            3L,
            "isos/ä x\\y.iso",
            1_234_567_890_123L,
            1_000_000_000_000L,
            234_567_890_000L,
            123L,
            "eu-west",
            "ossnet-get",
            4_567L,
            Instant.parse("2026-12-05T10:15:30.123456789Z"));
    private static final DownloadEvent SPARSE = new DownloadEvent(
            UUID.randomUUID(),
            "ossnet://example.org/demo/",
            1L,
            "a",
            0L,
            0L,
            0L,
            0L,
            null,
            "mirror",
            0L,
            Instant.parse("2026-12-05T10:15:30Z"));

    @Test
    void writesWhatDataBindingWritesAndReadsItBack() {
        assertEveryComponentSet(FULL);
        for (DownloadEvent event : List.of(FULL, SPARSE)) {
            byte[] written = EventJson.write(event);

            assertThat(new String(written)).isEqualTo(new String(JSON.writeValueAsBytes(event)));
            assertThat(EventJson.read(JSON.readTree(written))).isEqualTo(event);
        }
    }

    @Test
    void writesABatchAsDataBindingDoes() {
        List<DownloadEvent> events = List.of(FULL, SPARSE, FULL.withCollection("ossnet://example.org/other/"));

        assertThat(new String(EventJson.batch(events)))
                .isEqualTo(new String(JSON.writeValueAsBytes(new DownloadEventBatch(events))));
        assertThat(new String(EventJson.batch(List.of()))).isEqualTo("{\"events\":[]}");
    }

    @Test
    void readsAReceiptAndRefusesAFieldOfTheWrongType() {
        DownloadEventReceipt receipt = new DownloadEventReceipt(5, 3, 2);

        assertThat(EventJson.receipt(JSON.readTree(JSON.writeValueAsBytes(receipt))))
                .isEqualTo(receipt);
        assertThatThrownBy(() -> EventJson.receipt(JSON.readTree("{\"received\":\"5\"}")))
                .isInstanceOf(JsonTrees.InvalidDocumentException.class)
                .hasMessage("received must be an integer");
        assertThatThrownBy(() -> EventJson.read(JSON.readTree("{\"eventId\":\"not-a-uuid\"}")))
                .hasMessage("eventId is not a UUID");
    }
}
