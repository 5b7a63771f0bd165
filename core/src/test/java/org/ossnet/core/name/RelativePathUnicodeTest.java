package org.ossnet.core.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths must be what they look like: NFC, no invisible or direction-changing characters, no separator look-alikes. */
class RelativePathUnicodeTest {

    @Test
    void acceptsUnicodeNamesInNfc() {
        assertThat(RelativePath.parse("Packages/ünïcode 😀.rpm").segments())
                .containsExactly("Packages", "ünïcode 😀.rpm");
        assertThat(RelativePath.parse("日本語/ファイル.txt").fileName()).isEqualTo("ファイル.txt");
        assertThat(RelativePath.parse("Ωmega/naïve café.txt").fileName()).isEqualTo("naïve café.txt");
    }

    @Test
    void refusesASegmentNotInNfcSoNfcAndNfdTwinsCannotBothExist() {
        assertThatThrownBy(() -> RelativePath.parse("docs/cafe\u0301.txt"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("invalid relative path 'docs/cafe\u0301.txt': segment 2 is not in Unicode NFC"
                        + " (normalisation form C)");
    }

    @ParameterizedTest
    @ValueSource(
            ints = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C})
    void refusesBidirectionalControls(int control) {
        String path = "bin/evil" + Character.toString(control) + "txt.exe";

        assertThatThrownBy(() -> RelativePath.parse(path))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageEndingWith(String.format("segment 2 contains bidirectional control U+%04X", control));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x2215, 0x2044, 0xFF0F, 0x29F8, 0xFF3C, 0x2216, 0x29F5, 0x29F9, 0xFE68, 0x2571, 0x2572})
    void refusesCharactersThatLookLikeAPathSeparator(int lookAlike) {
        String path = "etc" + Character.toString(lookAlike) + "passwd";

        assertThatThrownBy(() -> RelativePath.parse(path))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageEndingWith(
                        String.format("segment 1 contains U+%04X, which looks like a path separator", lookAlike));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x200B, 0x200D, 0xFEFF, 0x00AD, 0x2060})
    void refusesOtherInvisibleFormatCharacters(int format) {
        String path = "a" + Character.toString(format) + "b";

        assertThatThrownBy(() -> RelativePath.parse(path))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageEndingWith(String.format("segment 1 contains invisible format character U+%04X", format));
    }
}
