package org.ossnet.core.bencode;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencoded dictionary, {@code d<key><value>...e}: byte-string keys kept in raw byte order, as canonical bencode
 * requires.
 *
 * <p>A dictionary that came from the decoder also remembers the exact span of input each value occupied ({@link
 * #rawSpan(String)}), so that a hash over a sub-value (the BitTorrent info-hash) can be taken over the bytes as
 * received. Spans take no part in equality: two dictionaries are equal when their entries are.
 */
public final class BDictionary implements BValue {

    private static final BDictionary EMPTY = new BDictionary(new TreeMap<>(), Map.of());

    private final SortedMap<BString, BValue> entries;
    private final Map<BString, ByteSpan> spans;

    /** Takes ownership of both maps; the decoder's constructor. */
    BDictionary(TreeMap<BString, BValue> entries, Map<BString, ByteSpan> spans) {
        this.entries = Collections.unmodifiableSortedMap(entries);
        this.spans = Collections.unmodifiableMap(spans);
    }

    /** The empty dictionary. */
    public static BDictionary empty() {
        return EMPTY;
    }

    /** A dictionary of the given entries, sorted by key. */
    public static BDictionary of(Map<BString, ? extends BValue> entries) {
        return new BDictionary(new TreeMap<>(entries), Map.of());
    }

    /** A builder for a dictionary assembled key by key. */
    public static Builder builder() {
        return new Builder();
    }

    /** The entries in raw byte order of their keys; unmodifiable. */
    public SortedMap<BString, BValue> entries() {
        return entries;
    }

    /** The value under {@code key}, if present. */
    public Optional<BValue> get(BString key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The value under the UTF-8 encoding of {@code key}, if present. */
    public Optional<BValue> get(String key) {
        return get(BString.of(key));
    }

    /** Whether the dictionary has an entry under the UTF-8 encoding of {@code key}. */
    public boolean containsKey(String key) {
        return entries.containsKey(BString.of(key));
    }

    /** The number of entries. */
    public int size() {
        return entries.size();
    }

    /**
     * Where the value under {@code key} lay in the input this dictionary was decoded from; empty for dictionaries that
     * were built rather than decoded, or when the key is absent.
     */
    public Optional<ByteSpan> rawSpan(String key) {
        return Optional.ofNullable(spans.get(BString.of(key)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDictionary other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "BDictionary" + entries;
    }

    /** Collects entries for a {@link BDictionary}; a later {@code put} under the same key replaces the earlier one. */
    public static final class Builder {

        private final TreeMap<BString, BValue> entries = new TreeMap<>();

        private Builder() {}

        /** Puts {@code value} under {@code key}. */
        public Builder put(BString key, BValue value) {
            entries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Puts {@code value} under the UTF-8 encoding of {@code key}. */
        public Builder put(String key, BValue value) {
            return put(BString.of(key), value);
        }

        /** Puts an integer under {@code key}. */
        public Builder put(String key, long value) {
            return put(key, BInteger.of(value));
        }

        /** Puts the UTF-8 encoding of {@code value} under {@code key}. */
        public Builder put(String key, String value) {
            return put(key, BString.of(value));
        }

        /** The dictionary of the entries put so far. */
        public BDictionary build() {
            return new BDictionary(new TreeMap<>(entries), Map.of());
        }
    }
}
