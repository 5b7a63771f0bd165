package org.ossnet.agent.origin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @Test
    void readsTheThreeSingleRangeForms() {
        assertThat(ByteRange.parse("bytes=10-19", 100)).isEqualTo(new ByteRange.Slice(10, 19));
        assertThat(ByteRange.parse("bytes=10-", 100)).isEqualTo(new ByteRange.Slice(10, 99));
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange.Slice(90, 99));
        assertThat(ByteRange.parse(" Bytes=0 - 0 ", 100)).isEqualTo(new ByteRange.Slice(0, 0));
    }

    @Test
    void clampsToTheFile() {
        assertThat(ByteRange.parse("bytes=90-500", 100)).isEqualTo(new ByteRange.Slice(90, 99));
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange.Slice(0, 99));
        assertThat(ByteRange.parse("bytes=0-99999999999999999999999", 100)).isEqualTo(new ByteRange.Slice(0, 99));
    }

    @Test
    void findsRangesBeyondTheFileUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=99999999999999999999999-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-5", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "bytes=",
                "bytes=-",
                "bytes=5",
                "bytes=9-5",
                "bytes=a-b",
                "bytes=+1-2",
                "bytes=0x10-",
                "items=0-5",
                "bytes=0-5,10-15",
                "bytes=0-5,"
            })
    void ignoresWhatItDoesNotServeAndSendsTheWholeFile(String header) {
        assertThat(ByteRange.parse(header, 100)).isInstanceOf(ByteRange.Whole.class);
    }

    @Test
    void sendsTheWholeFileWithoutARangeHeader() {
        assertThat(ByteRange.parse(null, 100)).isInstanceOf(ByteRange.Whole.class);
    }
}
