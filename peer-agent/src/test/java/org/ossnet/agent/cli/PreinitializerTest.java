package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class PreinitializerTest {

    /** It swallows a class it cannot find, so that a renamed one would silently go back to the main thread. */
    @Test
    void everyClassItInitializesExists() {
        assertThat(Preinitializer.CLASSES)
                .isNotEmpty()
                .allSatisfy(name -> assertThatCode(
                                () -> Class.forName(name, false, Preinitializer.class.getClassLoader()))
                        .as(name)
                        .doesNotThrowAnyException());
    }
}
