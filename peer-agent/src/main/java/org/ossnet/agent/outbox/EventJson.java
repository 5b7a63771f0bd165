package org.ossnet.agent.outbox;

import static org.ossnet.agent.json.JsonTrees.boxedLong;
import static org.ossnet.agent.json.JsonTrees.instant;
import static org.ossnet.agent.json.JsonTrees.object;
import static org.ossnet.agent.json.JsonTrees.primitiveInt;
import static org.ossnet.agent.json.JsonTrees.string;
import static org.ossnet.agent.json.JsonTrees.uuid;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventReceipt;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.databind.JsonNode;

/**
 * A download event's JSON, as the tracker's {@code /api/v1/events} takes it and the outbox keeps it, written with
 * Jackson's streaming generator and read from the tree ({@link org.ossnet.agent.json.JsonTrees}) rather than through
 * data binding, whose first use per record type (a serializer, a deserializer, a class spun to call the constructor)
 * was most of what keeping and sending one event cost a short {@code get} (docs/BENCHMARKS.md, "Start-up").
 * {@code EventJsonTest} holds the bytes to what data binding writes for the same records.
 */
final class EventJson {

    private EventJson() {}

    /** The event as one JSON object, its fields in the record's order, a null field written as null. */
    static byte[] write(DownloadEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator json = JsonTrees.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            write(json, event);
        }
        return out.toByteArray();
    }

    /** The body of a {@code POST /api/v1/events}: {@code {"events":[…]}}. */
    static byte[] batch(List<DownloadEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 320 + 16);
        try (JsonGenerator json = JsonTrees.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeName("events");
            json.writeStartArray();
            for (DownloadEvent event : events) {
                write(json, event);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, DownloadEvent e) {
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

    /** The event in {@code node}; unknown fields are ignored, missing ones null. */
    static DownloadEvent read(JsonNode node) {
        object(node, "event");
        return new DownloadEvent(
                uuid(node, "eventId"),
                string(node, "collection"),
                boxedLong(node, "version"),
                string(node, "path"),
                boxedLong(node, "bytes"),
                boxedLong(node, "bytesFromPeers"),
                boxedLong(node, "bytesFromMirrors"),
                boxedLong(node, "bytesFromOrigin"),
                string(node, "region"),
                string(node, "clientKind"),
                boxedLong(node, "durationMs"),
                instant(node, "completedAt"));
    }

    /** The tracker's receipt in {@code node}. */
    static DownloadEventReceipt receipt(JsonNode node) {
        object(node, "receipt");
        return new DownloadEventReceipt(
                primitiveInt(node, "received"), primitiveInt(node, "added"), primitiveInt(node, "duplicates"));
    }
}
