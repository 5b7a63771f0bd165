package org.ossnet.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TreeParserTest {

    private static final JsonFactory LENIENT = new JsonFactory();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[]",
                " {\"a\": 1, \"b\": [true, false, null, \"x\"], \"c\": {\"d\": {}}}\n",
                "{\"int\": 2147483647, \"long\": 2147483648, \"negative\": -9223372036854775808,"
                        + " \"big\": 92233720368547758080, \"zero\": 0, \"fraction\": -1.5e3, \"small\": 0.1}",
                "{\"text\": \"caf\\u00e9 \\\"quoted\\\" \\\\ tab\\t é 😀\", \"empty\": \"\"}",
                "[[[[1]]], {\"nested\": [{\"k\": [2, 3]}]}]",
                "\"just a string\"",
                "42",
                "null",
                "{\"same\": 1, \"same\": 2}"
            })
    void buildsTheTreeReadTreeBuilds(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        JsonNode tree = TreeParser.parse(LENIENT, bytes);

        assertThat(tree).isEqualTo(MAPPER.readTree(bytes));
        // The same node classes too: an int is an IntNode, a long a LongNode, as readers of the tree expect.
        assertThat(tree.toString()).isEqualTo(MAPPER.readTree(bytes).toString());
    }

    @Test
    void readsTheBytesBetweenOffsetAndLength() {
        byte[] bytes = "xx{\"a\": [1, 2]}yy".getBytes(StandardCharsets.UTF_8);

        assertThat(TreeParser.parse(LENIENT, bytes, 2, bytes.length - 4)).isEqualTo(MAPPER.readTree("{\"a\": [1, 2]}"));
    }

    @Test
    void onlyWhitespaceIsTheMissingNode() {
        assertThat(TreeParser.parse(LENIENT, " \n".getBytes(StandardCharsets.UTF_8))
                        .isMissingNode())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{} {}", "{}x", "[1] 2", "{\"a\": 1}}", "{\"a\": ", "[1, 2", "{\"a\" 1}", "{'a': 1}", "[1,]"})
    void refusesWhatIsNotExactlyOneDocument(String json) {
        assertThatThrownBy(() -> TreeParser.parse(LENIENT, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void theFactoryRefusesDuplicateKeysDepthAndLongNumbers() {
        JsonFactory strict = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(2)
                        .maxNumberLength(5)
                        .build())
                .build();

        assertThatThrownBy(() -> TreeParser.parse(strict, bytes("{\"a\": 1, \"a\": 2}")))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> TreeParser.parse(strict, bytes("[[[1]]]")))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("depth");
        assertThatThrownBy(() -> TreeParser.parse(strict, bytes("[1234567]")))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("length");
        assertThat(TreeParser.parse(strict, bytes("[[12345]]"))).isEqualTo(MAPPER.readTree("[[12345]]"));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
