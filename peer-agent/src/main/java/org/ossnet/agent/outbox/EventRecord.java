package org.ossnet.agent.outbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;
import tools.jackson.core.JacksonException;

/**
 * The bytes of one outbox record: a header line naming the format, the CRC-32C and the length of the body, then the
 * event as JSON, exactly as it is sent. An outbox file holds one record, or several back to back when events
 * completed together were kept with one write ({@link Outbox}).
 *
 * <pre>
 * OSSNET-EVENT 1 9a3c11f0 312\n
 * {"eventId":"5f0e…","collection":"ossnet://example.org/demo","version":3,"path":"a.iso",…}
 * </pre>
 *
 * A file cut short, grown, or with a flipped bit anywhere is refused by name, never read as events.
 */
final class EventRecord {

    static final String MAGIC = "OSSNET-EVENT";
    static final int VERSION = 1;
    private static final int MAX_HEADER_BYTES = 64;

    private EventRecord() {}

    static byte[] encode(DownloadEvent event) {
        byte[] body = EventJson.write(event);
        String header = MAGIC + " " + VERSION + " " + crc(body, 0, body.length) + " " + body.length + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** The records of {@code events}, back to back. */
    static byte[] encode(List<DownloadEvent> events) {
        ByteArrayOutputStream all = new ByteArrayOutputStream(events.size() * 400);
        for (DownloadEvent event : events) {
            all.writeBytes(encode(event));
        }
        return all.toByteArray();
    }

    /**
     * The event in {@code bytes}.
     *
     * @throws CorruptRecordException if they are not one whole record of at most {@code maxBytes} holding a complete
     *     event
     */
    static DownloadEvent decode(byte[] bytes, int maxBytes) throws CorruptRecordException {
        if (bytes.length > maxBytes) {
            throw new CorruptRecordException("larger than " + maxBytes + " bytes");
        }
        List<DownloadEvent> events = new ArrayList<>(1);
        int end = decodeAt(bytes, 0, maxBytes, events);
        if (end != bytes.length) {
            throw new CorruptRecordException(
                    "the header says the record ends at byte " + end + ", the file holds " + bytes.length);
        }
        return events.getFirst();
    }

    /**
     * The events of the records in {@code bytes}, in order.
     *
     * @throws CorruptRecordException unless they are one or more whole records, at most {@code maxRecords}, each of at
     *     most {@code maxRecordBytes} and holding a complete event
     */
    static List<DownloadEvent> decodeAll(byte[] bytes, int maxRecordBytes, int maxRecords)
            throws CorruptRecordException {
        List<DownloadEvent> events = new ArrayList<>();
        int at = 0;
        do {
            if (events.size() == maxRecords) {
                throw new CorruptRecordException("more than " + maxRecords + " records");
            }
            at = decodeAt(bytes, at, maxRecordBytes, events);
        } while (at < bytes.length);
        return events;
    }

    /** Decodes the record at {@code start} into {@code events}; returns where the next one starts. */
    private static int decodeAt(byte[] bytes, int start, int maxBytes, List<DownloadEvent> events)
            throws CorruptRecordException {
        int newline = -1;
        for (int i = start; i < Math.min(bytes.length, start + MAX_HEADER_BYTES); i++) {
            if (bytes[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new CorruptRecordException("no header line");
        }
        String[] header = new String(bytes, start, newline - start, StandardCharsets.US_ASCII).split(" ", -1);
        if (header.length != 4 || !header[0].equals(MAGIC)) {
            throw new CorruptRecordException("not an event record");
        }
        if (!header[1].equals(String.valueOf(VERSION))) {
            throw new CorruptRecordException("record version " + header[1] + " is not " + VERSION);
        }
        int length;
        try {
            length = Integer.parseInt(header[3]);
        } catch (NumberFormatException e) {
            throw new CorruptRecordException("bad length '" + header[3] + "'");
        }
        int body = newline + 1;
        if (length < 0 || length > maxBytes - (body - start)) {
            throw new CorruptRecordException("larger than " + maxBytes + " bytes");
        }
        if (length > bytes.length - body) {
            throw new CorruptRecordException(
                    "the header says " + length + " bytes of event, the file holds " + (bytes.length - body));
        }
        if (!crc(bytes, body, length).equals(header[2])) {
            throw new CorruptRecordException("CRC-32C mismatch");
        }
        DownloadEvent event;
        try {
            event = EventJson.read(JsonTrees.parse(bytes, body, length));
        } catch (JacksonException e) {
            throw new CorruptRecordException("not an event: " + e.getOriginalMessage());
        } catch (JsonTrees.InvalidDocumentException e) {
            throw new CorruptRecordException("not an event: " + e.getMessage());
        }
        String missing = missing(event);
        if (missing != null) {
            throw new CorruptRecordException("the event has no " + missing);
        }
        events.add(event);
        return body + length;
    }

    /** The first required member that is absent or invalid, or null. */
    private static String missing(DownloadEvent e) {
        if (e == null || e.eventId() == null) {
            return "eventId";
        }
        if (e.collection() == null || e.version() == null || e.path() == null) {
            return "collection, version or path";
        }
        if (e.bytes() == null
                || e.bytesFromPeers() == null
                || e.bytesFromMirrors() == null
                || e.bytesFromOrigin() == null) {
            return "byte counts";
        }
        if (!ClientKind.isValid(e.clientKind())) {
            return "valid clientKind";
        }
        if (e.durationMs() == null || e.completedAt() == null) {
            return "durationMs or completedAt";
        }
        return null;
    }

    private static String crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
