package org.ossnet.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class DownloadEventWriterTest {

    private static final JsonMapper BINDING = JsonMapper.builder().build();

    @Test
    void writesWhatDataBindingWritesAndTheReaderReadsItBack() {
        List<DownloadEvent> events = new ArrayList<>(Arrays.asList(
                new DownloadEvent(
                        UUID.fromString("4f53534e-4554-0001-0000-00000000002a"),
                        "ossnet://example.org/demo",
                        3L,
                        "pool/\u00e9t\u00e9 \"x\"\\\t.deb",
                        1000L,
                        700L,
                        200L,
                        100L,
                        "eu",
                        "bittorrent:libtorrent",
                        1234L,
                        Instant.parse("2026-12-05T20:00:01.123456789Z")),
                new DownloadEvent(
                        UUID.randomUUID(),
                        null,
                        null,
                        null,
                        0L,
                        null,
                        null,
                        null,
                        null,
                        "get",
                        null,
                        Instant.parse("2026-12-05T20:00:00Z")),
                new DownloadEvent(null, null, null, null, null, null, null, null, null, null, null, null)));
        events.add(null);
        String ours = DownloadEventWriter.array(events);
        assertThat(ours).isEqualTo(BINDING.writeValueAsString(events));
        assertThat(DownloadEventWriter.array(List.of())).isEqualTo("[]");
        assertThat(BINDING.readValue(ours, new TypeReference<List<DownloadEvent>>() {}))
                .isEqualTo(events);
        try (var parser = BINDING.createParser("{\"events\":" + ours + "}")) {
            assertThat(DownloadEventBatchReader.read(parser).events()).isEqualTo(events);
        }
    }
}
