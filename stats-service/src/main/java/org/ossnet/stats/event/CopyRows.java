package org.ossnet.stats.event;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.ossnet.core.api.DownloadEvent;

/**
 * Events as {@code COPY}'s text format, for {@link EventStore}: one line each, tab-separated. Text is escaped as the
 * format requires (validation has refused control characters in paths and regions already, and PostgreSQL text cannot
 * hold NUL); the server parses every value, so no JVM time zone can shift a timestamp.
 */
final class CopyRows {

    /** The columns {@link #events} writes, in its order: {@code download_event}'s, without {@code received_at}. */
    static final String EVENT_COLUMNS = "event_id, collection, snapshot_version, file_path, bytes, bytes_from_peers,"
            + " bytes_from_mirrors, bytes_from_origin, region, client_kind, duration_ms, completed_at";

    private CopyRows() {}

    /** The events' every column, {@link #EVENT_COLUMNS}. */
    static byte[] events(Collection<DownloadEvent> events) {
        StringBuilder text = new StringBuilder(events.size() * 200);
        for (DownloadEvent e : events) {
            text.append(e.eventId()).append('\t');
            escaped(text, e.collection()).append('\t');
            text.append(e.version()).append('\t');
            escaped(text, e.path()).append('\t');
            text.append(e.bytes()).append('\t');
            text.append(e.bytesFromPeers()).append('\t');
            text.append(e.bytesFromMirrors()).append('\t');
            text.append(e.bytesFromOrigin()).append('\t');
            escaped(text, e.region()).append('\t');
            escaped(text, e.clientKind()).append('\t');
            text.append(e.durationMs()).append('\t');
            text.append(e.completedAt()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder escaped(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return text;
    }
}
