package org.ossnet.agent.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    private final Validators validators = new Validators(100, Instant.parse("2025-03-01T12:00:00Z"), "\"64-abc\"");

    @Test
    void findsNotModifiedByAnyMatchingTagWeakOrStrongOrByAStar() {
        assertThat(validators.notModified("\"64-abc\"", null)).isTrue();
        assertThat(validators.notModified("\"x\", W/\"64-abc\"", null)).isTrue();
        assertThat(validators.notModified("\"a,b\", \"64-abc\"", null)).isTrue();
        assertThat(validators.notModified("*", null)).isTrue();
        assertThat(validators.notModified("\"64-abd\"", null)).isFalse();
    }

    @Test
    void letsIfNoneMatchOverruleIfModifiedSince() {
        assertThat(validators.notModified("\"other\"", "Sat, 01 Mar 2025 12:00:00 GMT"))
                .isFalse();
    }

    @Test
    void comparesIfModifiedSinceAtWholeSecondsAndIgnoresBadDates() {
        assertThat(validators.notModified(null, "Sat, 01 Mar 2025 12:00:00 GMT"))
                .isTrue();
        assertThat(validators.notModified(null, "Sat, 01 Mar 2025 11:59:59 GMT"))
                .isFalse();
        assertThat(validators.notModified(null, "yesterday")).isFalse();
    }

    @Test
    void holdsIfRangeOnlyForTheStrongTagOrTheExactDate() {
        assertThat(validators.ifRangeHolds(null)).isTrue();
        assertThat(validators.ifRangeHolds("\"64-abc\"")).isTrue();
        assertThat(validators.ifRangeHolds("W/\"64-abc\"")).isFalse();
        assertThat(validators.ifRangeHolds("Sat, 01 Mar 2025 12:00:00 GMT")).isTrue();
        assertThat(validators.ifRangeHolds("Sat, 01 Mar 2025 12:00:01 GMT")).isFalse();
        assertThat(validators.ifRangeHolds("garbage")).isFalse();
    }
}
