package org.ossnet.agent.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {

    @Test
    void usesTheSingularForExactlyOne() {
        assertThat(Counts.of(1, "file")).isEqualTo("1 file");
        assertThat(Counts.of(1, "entry", "entries")).isEqualTo("1 entry");
    }

    @Test
    void usesThePluralForZeroAndForMany() {
        assertThat(Counts.of(0, "file")).isEqualTo("0 files");
        assertThat(Counts.of(2, "swarm")).isEqualTo("2 swarms");
        assertThat(Counts.of(1_000_000, "byte")).isEqualTo("1000000 bytes");
        assertThat(Counts.of(3, "entry", "entries")).isEqualTo("3 entries");
    }
}
