package org.ossnet.core.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * The one timestamp form signed documents use: RFC 3339, UTC, whole seconds, such as {@code 2026-11-24T12:00:00Z}.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

    private Timestamps() {}

    public static String format(Instant t) {
        return FORMAT.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    /** The instant {@code text} names, or the failure {@code fail} makes for {@code field}. */
    public static Instant parse(String field, String text, DocumentFailure fail) {
        if (SHAPE.matcher(text).matches()) {
            try {
                return LocalDateTime.parse(text, FORMAT).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // Falls through: the shape is right but the date or time does not exist.
            }
        }
        throw fail.at(
                field,
                "'" + Text.quote(text) + "' is not a UTC time like 2026-11-24T12:00:00Z (RFC 3339, whole seconds)");
    }
}
