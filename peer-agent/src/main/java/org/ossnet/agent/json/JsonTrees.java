package org.ossnet.agent.json;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.ossnet.core.json.TreeParser;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the fields of a record from a JSON tree as Jackson's data binding would with unknown fields ignored: a missing
 * field or a JSON {@code null} is null (false for a flag, 0 for a primitive number), a field of the wrong type is
 * refused with its name. Data binding built a deserializer for each record the first time and called its constructor
 * through a method handle spread over its arguments, which spins a class per constructor shape: about a tenth of a
 * small {@code get}'s CPU (docs/BENCHMARKS.md, "Start-up"). Each reader built on these is tested against data binding
 * on a document with every field set.
 */
public final class JsonTrees {

    /** The agent's JSON factory: documents are read with it ({@link #parse}) and written with its generators. */
    public static final JsonFactory FACTORY = new JsonFactory();

    private JsonTrees() {}

    /**
     * Data binding with unknown fields ignored, for the documents off {@code get}'s path (publishing, enrolment, a
     * problem document). Built on first use: the first mapper a JVM builds costs a small {@code get} several per cent
     * of its CPU ({@link #parse}).
     */
    public static JsonMapper lenientMapper() {
        return Lenient.MAPPER;
    }

    /** Data binding as Jackson's defaults have it (an unknown field is refused), for the agent's own files. */
    public static JsonMapper mapper() {
        return Strict.MAPPER;
    }

    private static final class Strict {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    private static final class Lenient {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * The JSON document in {@code bytes} as a tree, without a data-binding mapper ({@link TreeParser}).
     *
     * @throws tools.jackson.core.JacksonException if they are not one JSON document
     */
    public static JsonNode parse(byte[] bytes) {
        return TreeParser.parse(FACTORY, bytes);
    }

    /** As {@link #parse(byte[])}, {@code length} bytes from {@code offset}. */
    public static JsonNode parse(byte[] bytes, int offset, int length) {
        return TreeParser.parse(FACTORY, bytes, offset, length);
    }

    /** A document that is not what its reader expects, naming the field. */
    public static final class InvalidDocumentException extends RuntimeException {
        public InvalidDocumentException(String field, String problem) {
            super(field + " " + problem);
        }
    }

    private static JsonNode field(JsonNode object, String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    /** Refuses {@code node} unless it is an object. */
    public static void object(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new InvalidDocumentException(field, "must be an object");
        }
    }

    public static String string(JsonNode object, String name) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw new InvalidDocumentException(name, "must be a string");
        }
        return node.stringValue();
    }

    public static URI uri(JsonNode object, String name) {
        String text = string(object, name);
        return text == null ? null : uri(text, name);
    }

    public static URI uri(JsonNode node) {
        if (!node.isString()) {
            throw new InvalidDocumentException("a URL in a list", "must be a string");
        }
        return uri(node.stringValue(), "a URL in a list");
    }

    private static URI uri(String text, String name) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidDocumentException(name, "is not a URL: " + e.getMessage());
        }
    }

    public static Instant instant(JsonNode object, String name) {
        String text = string(object, name);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidDocumentException(name, "is not an ISO-8601 instant");
        }
    }

    public static Long boxedLong(JsonNode object, String name) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidDocumentException(name, "must be an integer");
        }
        return node.longValue();
    }

    public static long primitiveLong(JsonNode object, String name) {
        Long value = boxedLong(object, name);
        return value == null ? 0 : value;
    }

    public static boolean flag(JsonNode object, String name) {
        JsonNode node = field(object, name);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new InvalidDocumentException(name, "must be true or false");
        }
        return node.booleanValue();
    }

    public static <T> T nested(JsonNode object, String name, Function<JsonNode, T> read) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        object(node, name);
        return read.apply(node);
    }

    public static <T> List<T> list(JsonNode object, String name, Function<JsonNode, T> read) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidDocumentException(name, "must be an array");
        }
        List<T> out = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            out.add(read.apply(element));
        }
        return out;
    }

    public static UUID uuid(JsonNode object, String name) {
        String text = string(object, name);
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException(name, "is not a UUID");
        }
    }

    public static int primitiveInt(JsonNode object, String name) {
        Long value = boxedLong(object, name);
        if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw new InvalidDocumentException(name, "is out of range");
        }
        return value == null ? 0 : value.intValue();
    }
}
