package org.ossnet.core.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one JSON document into a tree with a streaming parser of the caller's {@link JsonFactory}, giving the nodes a
 * {@code JsonMapper}'s {@code readTree} gives (an integer as the smallest of int, long and big integer; a fraction as a
 * double), and refusing anything after the document. No data-binding mapper is built: the first one a JVM builds
 * initialises Jackson's default date format, whose static {@code GregorianCalendar} lists every locale the JDK has:
 * 7 % of a small {@code ossnet get}'s instructions, spent on dates it never reads (docs/BENCHMARKS.md, "Start-up"). Duplicate keys, nesting depth and number length are the factory's to refuse; a duplicate the factory
 * lets through keeps the last value, as {@code readTree} does.
 */
public final class TreeParser {

    private TreeParser() {}

    /**
     * The document in {@code length} bytes of {@code bytes} from {@code offset}; {@link JsonNodeFactory#missingNode()}
     * when they hold only whitespace.
     *
     * @throws JacksonException if they are not one JSON document, or the factory's limits refuse it
     */
    public static JsonNode parse(JsonFactory factory, byte[] bytes, int offset, int length) {
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return JsonNodeFactory.instance.missingNode();
            }
            JsonNode root = value(parser, first);
            if (parser.nextToken() != null) {
                throw new StreamReadException(
                        parser,
                        "Trailing token (of type " + parser.currentToken() + ") found after the document's value");
            }
            return root;
        }
    }

    /** As {@link #parse(JsonFactory, byte[], int, int)}, all of {@code bytes}. */
    public static JsonNode parse(JsonFactory factory, byte[] bytes) {
        return parse(factory, bytes, 0, bytes.length);
    }

    private static JsonNode value(JsonParser parser, JsonToken token) {
        // Not a "case null": that makes the switch a pattern switch, linked at run time by SwitchBootstraps, which
        // spun 17 classes in every get (-Xlog:class+load+cause). A switch on the enum alone is a table of ordinals.
        if (token == null) {
            throw new StreamReadException(parser, "Unexpected end of the document");
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> nodes.stringNode(parser.getString());
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new StreamReadException(parser, "Unexpected token " + token);
        };
    }

    private static ObjectNode object(JsonParser parser) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            object.set(name, value(parser, parser.nextToken()));
        }
        return object;
    }

    private static ArrayNode array(JsonParser parser) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token));
        }
        return array;
    }
}
