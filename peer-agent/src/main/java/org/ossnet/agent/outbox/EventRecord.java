package org.ossnet.agent.outbox;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bytes of one outbox file: a header line naming the format, the CRC-32C and the length of the body, then the
 * event as JSON, exactly as it is sent.
 *
 * <pre>
 * OSSNET-EVENT 1 9a3c11f0 312\n
 * {"eventId":"5f0e…","collection":"ossnet://example.org/demo","version":3,"path":"a.iso",…}
 * </pre>
 *
 * A file cut short, grown, or with a flipped bit anywhere is refused by name, never read as an event.
 */
final class EventRecord {

    static final String MAGIC = "OSSNET-EVENT";
    static final int VERSION = 1;
    private static final int MAX_HEADER_BYTES = 64;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventRecord() {}

    static byte[] encode(DownloadEvent event) {
        byte[] body = JSON.writeValueAsBytes(event);
        String header = MAGIC + " " + VERSION + " " + crc(body, 0, body.length) + " " + body.length + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
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
        int newline = -1;
        for (int i = 0; i < Math.min(bytes.length, MAX_HEADER_BYTES); i++) {
            if (bytes[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new CorruptRecordException("no header line");
        }
        String[] header = new String(bytes, 0, newline, StandardCharsets.US_ASCII).split(" ", -1);
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
        int start = newline + 1;
        if (length != bytes.length - start) {
            throw new CorruptRecordException(
                    "the header says " + length + " bytes of event, the file holds " + (bytes.length - start));
        }
        if (!crc(bytes, start, length).equals(header[2])) {
            throw new CorruptRecordException("CRC-32C mismatch");
        }
        DownloadEvent event;
        try {
            event = JSON.readValue(bytes, start, length, DownloadEvent.class);
        } catch (JacksonException e) {
            throw new CorruptRecordException("not an event: " + e.getOriginalMessage());
        }
        String missing = missing(event);
        if (missing != null) {
            throw new CorruptRecordException("the event has no " + missing);
        }
        return event;
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
