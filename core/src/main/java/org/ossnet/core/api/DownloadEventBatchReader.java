package org.ossnet.core.api;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Reads a {@link DownloadEventBatch} from a JSON parser token by token, as the services' strict data binding would read
 * it (no member twice, none unknown, numbers as JSON integers only, strings as strings, an id a UUID and a completion an
 * ISO-8601 instant; a number or boolean where a string belongs is read as its text, as data binding does), for the two endpoints that take events in bulk: the tracker's and stats-service's
 * {@code POST /api/v1/events}. Data binding calls a record's constructor through a method handle with its arguments
 * boxed in an array, and reads an instant through {@link DateTimeFormatter}'s general parser; on the stats bench that
 * was 38 % of stats-service's request samples, and its code a good part of what the JIT compiled while warming up.
 *
 * <p>A member of the wrong type is a {@link MismatchedInputException} whose path names it ({@code events[3].bytes}),
 * as data binding's is, so the services' handler words it the same way; bad JSON is Jackson's own exception.
 */
public final class DownloadEventBatchReader {

    private DownloadEventBatchReader() {}

    /**
     * The batch the parser's document holds (its {@code events} null when the member is missing or null).
     *
     * @throws JacksonException when the document is not JSON, or not a batch (the path names the member at fault)
     */
    public static DownloadEventBatch read(JsonParser parser) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw MismatchedInputException.from(parser, DownloadEventBatch.class, "a batch must be a JSON object");
        }
        List<DownloadEvent> events = null;
        for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!name.equals("events")) {
                throw wrongType(parser, "unknown member").prependPath(DownloadEventBatch.class, name);
            }
            if (value == JsonToken.VALUE_NULL) {
                events = null;
            } else if (value == JsonToken.START_ARRAY) {
                try {
                    events = events(parser);
                } catch (JacksonException e) {
                    throw e.prependPath(DownloadEventBatch.class, "events");
                }
            } else {
                throw wrongType(parser, "events must be an array").prependPath(DownloadEventBatch.class, "events");
            }
        }
        if (parser.nextToken() != null) {
            throw MismatchedInputException.from(parser, DownloadEventBatch.class, "trailing content after the batch");
        }
        return new DownloadEventBatch(events);
    }

    private static List<DownloadEvent> events(JsonParser parser) {
        List<DownloadEvent> events = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            try {
                if (token == JsonToken.VALUE_NULL) {
                    events.add(null);
                } else if (token == JsonToken.START_OBJECT) {
                    events.add(event(parser));
                } else {
                    throw wrongType(parser, "an event must be an object");
                }
            } catch (JacksonException e) {
                throw e.prependPath(events, events.size());
            }
        }
        return events;
    }

    /** The event whose {@code START_OBJECT} the parser is at; every member at most once, unknown ones refused. */
    private static DownloadEvent event(JsonParser parser) {
        UUID eventId = null;
        String collection = null;
        Long version = null;
        String path = null;
        Long bytes = null;
        Long bytesFromPeers = null;
        Long bytesFromMirrors = null;
        Long bytesFromOrigin = null;
        String region = null;
        String clientKind = null;
        Long durationMs = null;
        Instant completedAt = null;
        for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            parser.nextToken();
            try {
                switch (name) {
                    case "eventId" -> eventId = uuid(parser);
                    case "collection" -> collection = text(parser);
                    case "version" -> version = number(parser);
                    case "path" -> path = text(parser);
                    case "bytes" -> bytes = number(parser);
                    case "bytesFromPeers" -> bytesFromPeers = number(parser);
                    case "bytesFromMirrors" -> bytesFromMirrors = number(parser);
                    case "bytesFromOrigin" -> bytesFromOrigin = number(parser);
                    case "region" -> region = text(parser);
                    case "clientKind" -> clientKind = text(parser);
                    case "durationMs" -> durationMs = number(parser);
                    case "completedAt" -> completedAt = instant(parser);
                    default -> throw wrongType(parser, "unknown member");
                }
            } catch (JacksonException e) {
                throw e.prependPath(DownloadEvent.class, name);
            }
        }
        return new DownloadEvent(
                eventId,
                collection,
                version,
                path,
                bytes,
                bytesFromPeers,
                bytesFromMirrors,
                bytesFromOrigin,
                region,
                clientKind,
                durationMs,
                completedAt);
    }

    /** A string; a number or boolean as its text, as data binding reads one into a {@code String}. */
    private static String text(JsonParser parser) {
        return switch (parser.currentToken()) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getString();
            case VALUE_NULL -> null;
            default -> throw wrongType(parser, "must be a string");
        };
    }

    private static Long number(JsonParser parser) {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> {
                try {
                    yield parser.getLongValue();
                } catch (InputCoercionException e) {
                    throw wrongType(parser, "must be an integer in 64 bits");
                }
            }
            case VALUE_NULL -> null;
            default -> throw wrongType(parser, "must be an integer");
        };
    }

    private static UUID uuid(JsonParser parser) {
        String text = text(parser);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() != 36) {
                throw new IllegalArgumentException("not 36 characters");
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw wrongType(parser, "must be a UUID");
        }
    }

    private static Instant instant(JsonParser parser) {
        String text = text(parser);
        if (text == null) {
            return null;
        }
        Instant fast = IsoInstants.parseUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw wrongType(parser, "must be an ISO-8601 instant");
        }
    }

    private static MismatchedInputException wrongType(JsonParser parser, String message) {
        return MismatchedInputException.from(parser, DownloadEvent.class, message);
    }
}
