package org.ossnet.core.api;

import java.io.StringWriter;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes download events as a JSON array with Jackson's streaming generator, byte for byte what data binding writes
 * for a {@code List<DownloadEvent>} (members in the record's order, a missing one as null, an instant in ISO-8601):
 * the tracker's outbox keeps each accepted batch so, and data binding's bean serializer, a reflective call per member,
 * was 16 % of the tracker's request samples on the stats bench. {@link DownloadEventBatchReader} reads it back.
 */
public final class DownloadEventWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private DownloadEventWriter() {}

    /** The events as one JSON array. */
    public static String array(List<DownloadEvent> events) {
        StringWriter out = new StringWriter(events.size() * 340 + 2);
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartArray();
            for (DownloadEvent event : events) {
                write(json, event);
            }
            json.writeEndArray();
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, DownloadEvent e) {
        if (e == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        text(json, "eventId", e.eventId() == null ? null : e.eventId().toString());
        text(json, "collection", e.collection());
        number(json, "version", e.version());
        text(json, "path", e.path());
        number(json, "bytes", e.bytes());
        number(json, "bytesFromPeers", e.bytesFromPeers());
        number(json, "bytesFromMirrors", e.bytesFromMirrors());
        number(json, "bytesFromOrigin", e.bytesFromOrigin());
        text(json, "region", e.region());
        text(json, "clientKind", e.clientKind());
        number(json, "durationMs", e.durationMs());
        text(
                json,
                "completedAt",
                e.completedAt() == null ? null : e.completedAt().toString());
        json.writeEndObject();
    }

    private static void text(JsonGenerator json, String name, String value) {
        if (value == null) {
            json.writeNullProperty(name);
        } else {
            json.writeStringProperty(name, value);
        }
    }

    private static void number(JsonGenerator json, String name, Long value) {
        if (value == null) {
            json.writeNullProperty(name);
        } else {
            json.writeNumberProperty(name, value);
        }
    }
}
