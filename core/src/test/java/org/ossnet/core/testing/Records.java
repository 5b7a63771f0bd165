package org.ossnet.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;

/** Checks on record fixtures. */
public final class Records {

    private Records() {}

    /**
     * Asserts that no component of {@code record} is null, so that a test holding a hand-written reader or writer to
     * Jackson's data binding on it fails when a component is added to the record and not to the reader.
     */
    public static void assertEveryComponentSet(Record record) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                assertThat(component.getAccessor().invoke(record))
                        .as(record.getClass().getSimpleName() + "." + component.getName())
                        .isNotNull();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
