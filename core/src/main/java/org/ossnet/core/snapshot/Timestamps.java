package org.ossnet.core.snapshot;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/** The one timestamp form snapshots use: RFC 3339, UTC, whole seconds, such as {@code 2026-11-24T12:00:00Z}. */
final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

    private Timestamps() {}

    static String format(Instant t) {
        return FORMAT.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    static Instant parse(String field, String text) {
        if (SHAPE.matcher(text).matches()) {
            try {
                return LocalDateTime.parse(text, FORMAT).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // Falls through: the shape is right but the date or time does not exist.
            }
        }
        throw new InvalidSnapshotException(
                field,
                "'" + Text.quote(text) + "' is not a UTC time like 2026-11-24T12:00:00Z (RFC 3339, whole seconds)");
    }
}
