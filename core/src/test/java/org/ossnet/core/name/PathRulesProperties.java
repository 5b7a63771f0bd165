package org.ossnet.core.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever path is accepted is what it looks like, and whatever set of paths is accepted fits one directory tree. */
class PathRulesProperties {

    @Property(tries = 2000)
    void anAcceptedPathIsNfcWithoutBidiControlsSeparatorLookAlikesOrFormatCharacters(
            @ForAll("trickyPaths") String text) {
        RelativePath path;
        try {
            path = RelativePath.parse(text);
        } catch (InvalidNameException refused) {
            return;
        }
        assertThat(Normalizer.isNormalized(path.path(), Normalizer.Form.NFC)).isTrue();
        path.path().codePoints().forEach(cp -> {
            assertThat(Character.getType(cp)).as("U+%04X", cp).isNotIn((int) Character.FORMAT, (int) Character.CONTROL);
            assertThat(cp).as("U+%04X", cp).isNotIn(0x2215, 0x2044, 0xFF0F, 0x29F8, 0xFF3C, 0x2216, 0x29F5, 0x5C);
        });
    }

    @Property(tries = 500)
    void pathsWithoutAConflictFitOneCaseInsensitiveTree(@ForAll("pathLists") List<String> texts) {
        List<RelativePath> paths = new ArrayList<>();
        for (String text : texts) {
            try {
                paths.add(RelativePath.parse(text));
            } catch (InvalidNameException refused) {
                // Only valid paths can conflict.
            }
        }
        if (PathConflicts.first(paths).isPresent()) {
            return;
        }
        for (RelativePath a : paths) {
            for (RelativePath b : paths) {
                String foldedA = fold(a.path());
                String foldedB = fold(b.path());
                if (a != b) {
                    assertThat(foldedA).isNotEqualTo(foldedB);
                    assertThat(foldedB).doesNotStartWith(foldedA + "/");
                }
            }
        }
    }

    private static String fold(String text) {
        return text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    @Provide
    Arbitrary<String> trickyPaths() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4),
                Arbitraries.of(
                        "/",
                        "e\u0301",
                        "\u00e9",
                        "\u202e",
                        "\u2066",
                        "\u200f",
                        "\u061c",
                        "\u2215",
                        "\u2044",
                        "\uff0f",
                        "\u29f8",
                        "\uff3c",
                        "\u2216",
                        "\u29f5",
                        "\u200b",
                        "\ufeff",
                        "\u00ad",
                        "A\u030a",
                        "\u212b",
                        "\u1e9b\u0323",
                        "\ud83d\ude00",
                        "."),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(3));
        return piece.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<List<String>> pathLists() {
        Arbitrary<String> segment = Arbitraries.of("a", "A", "b", "B", "ß", "SS", "ss", "é", "É", "x");
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
        return path.list().ofMaxSize(6);
    }
}
