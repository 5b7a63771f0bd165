package org.ossnet.core.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelativePathTest {

    @Test
    void parsesPlainTextSegments() {
        RelativePath path = RelativePath.parse("Packages/b/100% bash.rpm");

        assertThat(path.segments()).containsExactly("Packages", "b", "100% bash.rpm");
        assertThat(path.fileName()).isEqualTo("100% bash.rpm");
        assertThat(path).hasToString("Packages/b/100% bash.rpm");
    }

    @Test
    void encodesEachSegmentForAUrlKeepingTheSlashes() {
        RelativePath path = RelativePath.parse("Packages/b/100% bash+~:@ naïve?#.rpm");

        assertThat(path.encoded()).isEqualTo("Packages/b/100%25%20bash+~:@%20na%C3%AFve%3F%23.rpm");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /etc/passwd  | starts with '/'
            a/b/         | ends with '/'
            a//b         | segment 2 is empty
            a/../b       | segment 2 is '..'
            ./a          | segment 1 is '.'
            a\\b          | segment 1 contains a backslash
            """)
    void rejectsWithAPreciseReason(String input, String reason) {
        assertThatThrownBy(() -> RelativePath.parse(input))
                .isInstanceOf(InvalidNameException.class)
                .extracting(e -> ((InvalidNameException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void rejectsEmptyControlCharactersAndLoneSurrogates() {
        assertThatThrownBy(() -> RelativePath.parse("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> RelativePath.parse("a/b\nc"))
                .hasMessageContaining("segment 2 contains control character U+000A");
        assertThatThrownBy(() -> RelativePath.parse("a\u007f")).hasMessageContaining("control character U+007F");
        assertThatThrownBy(() -> RelativePath.parse("a\ud800")).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void rejectsPathsLongerThanPathMax() {
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            segments.add("x".repeat(250));
        }
        assertThatThrownBy(() -> RelativePath.parse(String.join("/", segments)))
                .hasMessageContaining("is 5019 bytes long, more than 4096");
    }

    @Test
    void ordersByUtf8BytesNotUtf16() {
        // U+FF5E sorts before U+1F600 in UTF-8 (and code point) order, but after it in UTF-16 order.
        RelativePath fullwidth = RelativePath.parse("\uff5e");
        RelativePath emoji = RelativePath.parse("\ud83d\ude00");
        RelativePath slash = RelativePath.parse("a/b");
        RelativePath dash = RelativePath.parse("a-b");

        assertThat(fullwidth).isLessThan(emoji);
        assertThat(dash).isLessThan(slash);
    }
}
