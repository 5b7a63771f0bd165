package org.ossnet.core.bencode;

import java.util.List;

/** A bencoded list, {@code l<values>e}; immutable. */
public record BList(List<BValue> values) implements BValue {

    public BList {
        values = List.copyOf(values);
    }

    /** A list of the given values. */
    public static BList of(BValue... values) {
        return new BList(List.of(values));
    }
}
