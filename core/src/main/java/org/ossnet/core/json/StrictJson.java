package org.ossnet.core.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads an untrusted signed document step by step: size, UTF-8, one final newline, JSON without duplicate keys,
 * an object; then fields by name and type; and at the end, that the bytes are exactly the canonical encoding of
 * what was read. Every problem goes through the caller's {@link DocumentFailure} naming the field.
 */
public final class StrictJson {

    /**
     * Duplicate keys are an error, and the depth limit stops deeply nested junk long before it costs anything; nothing
     * may follow the document ({@link TreeParser}).
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxNumberLength(40)
                    .build())
            .build();

    private final DocumentFailure fail;

    /** A reader whose problems become {@code fail}'s exceptions. */
    public StrictJson(DocumentFailure fail) {
        this.fail = fail;
    }

    /** The document's top-level object, after the checks on its bytes. */
    public JsonNode object(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw fail.at("document", "is " + bytes.length + " bytes, more than the limit of " + maxBytes);
        }
        checkUtf8(bytes);
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            throw fail.at("document", "must end with a newline");
        }
        JsonNode root;
        try {
            root = TreeParser.parse(FACTORY, bytes);
        } catch (JacksonException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw fail.at(
                    "document", "is not valid JSON" + at + ": " + Text.quote(String.valueOf(e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw fail.at("document", "must be a JSON object, not " + (root == null ? "nothing" : type(root)));
        }
        return root;
    }

    /** Refuses fields outside {@code allowed} and missing ones that are not {@code optional}. */
    public void fields(JsonNode object, Set<String> allowed, String prefix, Set<String> optional) {
        for (String name : object.propertyNames()) {
            if (!allowed.contains(name)) {
                throw fail.at(prefix + Text.quote(name), "is not a known field");
            }
        }
        for (String name : allowed) {
            if (!object.has(name) && !optional.contains(name)) {
                throw fail.at(prefix + name, "is missing");
            }
        }
    }

    public long integer(JsonNode node, String field) {
        if (!node.isIntegralNumber()) {
            throw fail.at(field, "must be an integer, not " + type(node));
        }
        if (!node.canConvertToLong()) {
            throw fail.at(field, "is out of range");
        }
        return node.longValue();
    }

    public String string(JsonNode node, String field) {
        if (!node.isString()) {
            throw fail.at(field, "must be a string, not " + type(node));
        }
        return node.stringValue();
    }

    /** An array of at most {@code max} entries. */
    public JsonNode array(JsonNode node, String field, int max) {
        if (!node.isArray()) {
            throw fail.at(field, "must be an array, not " + type(node));
        }
        if (node.size() > max) {
            throw fail.at(field, "has " + node.size() + " entries, more than the limit of " + max);
        }
        return node;
    }

    /** An object of at most {@code max} fields. */
    public JsonNode object(JsonNode node, String field, int max) {
        if (!node.isObject()) {
            throw fail.at(field, "must be an object, not " + type(node));
        }
        if (node.size() > max) {
            throw fail.at(field, "has " + node.size() + " entries, more than the limit of " + max);
        }
        return node;
    }

    public Instant time(JsonNode node, String field) {
        return Timestamps.parse(field, string(node, field), fail);
    }

    /** Refuses {@code given} unless it is byte for byte the canonical encoding of what was read from it. */
    public void canonical(byte[] given, byte[] canonical) {
        int n = Arrays.mismatch(given, canonical);
        if (n >= 0) {
            throw fail.at(
                    "document",
                    "is not in canonical form (sorted keys, no whitespace, minimal escapes, one final newline):"
                            + " first difference at byte " + n);
        }
    }

    /** The JSON type of {@code node} in words, for messages. */
    public static String type(JsonNode node) {
        return node.isNumber() && !node.isIntegralNumber()
                ? "a fraction"
                : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private void checkUtf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in);
        } catch (CharacterCodingException e) {
            throw fail.at("document", "is not valid UTF-8 at byte " + in.position());
        }
    }
}
