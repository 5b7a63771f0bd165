package org.ossnet.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** The reader takes and refuses what the services' strict data binding does, naming the same member. */
class DownloadEventBatchReaderTest {

    /** As service-convention's {@code StrictJsonConfiguration} sets up every service's mapper. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final String EVENT = "{\"eventId\":\"4f53534e-4554-0001-0000-00000000002a\","
            + "\"collection\":\"ossnet://example.org/demo\",\"version\":3,\"path\":\"pool/\\u00e9t\\u00e9 \\\"x\\\".deb\","
            + "\"bytes\":1000,\"bytesFromPeers\":700,\"bytesFromMirrors\":200,\"bytesFromOrigin\":100,"
            + "\"region\":\"eu\",\"clientKind\":\"bittorrent:libtorrent\",\"durationMs\":1234,"
            + "\"completedAt\":\"2026-12-05T20:00:01.5Z\"}";

    private static DownloadEventBatch read(String body) {
        try (var parser = STRICT.createParser(body)) {
            return DownloadEventBatchReader.read(parser);
        }
    }

    @Test
    void readsWhatDataBindingReads() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("every member", "{\"events\":[" + EVENT + "," + EVENT.replace("2a\"", "2b\"") + "]}");
        bodies.put(
                "members in another order, nulls, a region left out",
                "{ \"events\" : [ {\"completedAt\":\"2026-01-31T23:59:59Z\",\"region\":null,\"bytes\":0,"
                        + "\"eventId\":null,\"version\":9007199254740991} , null ] }");
        bodies.put(
                "numbers and booleans where strings belong",
                "{\"events\":[{\"region\":7,\"clientKind\":true,\"path\":1.5e3,\"collection\":false}]}");
        bodies.put("an empty batch", "{\"events\":[]}");
        bodies.put("no events", "{}");
        bodies.put("events null", "{\"events\":null}");
        bodies.put(
                "instants of every precision and an offset",
                "{\"events\":[{\"completedAt\":\"2024-02-29T00:00:00.123456789Z\"},"
                        + "{\"completedAt\":\"2026-12-05T20:00:01.000001Z\"},{\"completedAt\":\"2026-12-05T20:00:01+02:00\"},"
                        + "{\"completedAt\":\"1970-01-01T00:00:00Z\"}]}");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            assertThat(read(body.getValue()))
                    .as(body.getKey())
                    .isEqualTo(STRICT.readValue(body.getValue(), DownloadEventBatch.class));
        }
        assertThat(read("{\"events\":[" + EVENT + "]}").events().getFirst().completedAt())
                .isEqualTo(Instant.parse("2026-12-05T20:00:01.5Z"));
    }

    @Test
    void refusesWhatDataBindingRefusesNamingTheSameMember() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put(
                "events[1].bytes",
                "{\"events\":[" + EVENT + "," + EVENT.replace("\"bytes\":1000", "\"bytes\":\"1000\"") + "]}");
        bodies.put("events[0].version", "{\"events\":[" + EVENT.replace("\"version\":3", "\"version\":3.0") + "]}");
        bodies.put(
                "events[0].durationMs",
                "{\"events\":[" + EVENT.replace("\"durationMs\":1234", "\"durationMs\":99999999999999999999") + "]}");
        bodies.put(
                "events[0].eventId",
                "{\"events\":[" + EVENT.replace("4f53534e-4554-0001-0000-00000000002a", "not-a-uuid") + "]}");
        bodies.put(
                "events[0].completedAt",
                "{\"events\":[" + EVENT.replace("2026-12-05T20:00:01.5Z", "2026-02-30T20:00:01Z") + "]}");
        bodies.put("events[0].region", "{\"events\":[" + EVENT.replace("\"eu\"", "[]") + "]}");
        bodies.put("events[0].colour", "{\"events\":[" + EVENT.replace("\"region\"", "\"colour\"") + "]}");
        bodies.put("events[2]", "{\"events\":[" + EVENT + "," + EVENT + ",7]}");
        bodies.put("events", "{\"events\":{}}");
        bodies.put("extra", "{\"events\":[],\"extra\":1}");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            JacksonException ours = catchThrowableOfType(JacksonException.class, () -> read(body.getValue()));
            JacksonException binding = catchThrowableOfType(
                    JacksonException.class, () -> STRICT.readValue(body.getValue(), DownloadEventBatch.class));
            assertThat(binding).as("data binding, " + body.getKey()).isNotNull();
            assertThat(ours).as(body.getKey()).isNotNull().isNotInstanceOf(StreamReadException.class);
            assertThat(path(ours)).as(body.getKey()).isEqualTo(path(binding)).isEqualTo(body.getKey());
        }
    }

    @Test
    void refusesBadJsonDuplicatesAndTrailingContentAsDataBindingDoes() {
        for (String body : new String[] {
            "{\"events\":[" + EVENT.replace("\"region\":\"eu\"", "\"region\":\"eu\",\"region\":\"na\"") + "]}",
            "{\"events\":[" + EVENT + "}",
            "[]",
            "{\"events\":[]} {}",
            "{\"events\":[]} x"
        }) {
            JacksonException ours = catchThrowableOfType(JacksonException.class, () -> read(body));
            JacksonException binding = catchThrowableOfType(
                    JacksonException.class, () -> STRICT.readValue(body, DownloadEventBatch.class));
            assertThat(ours).as(body).isNotNull();
            assertThat(binding).as(body).isNotNull();
            assertThat(path(ours)).as(body).isEqualTo(path(binding));
        }
    }

    /** The path as the services' problem handler writes it: {@code events[3].bytes}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
