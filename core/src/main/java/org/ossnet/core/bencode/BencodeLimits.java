package org.ossnet.core.bencode;

/**
 * Bounds on what the decoder accepts, so that untrusted input can cost no more memory or stack than the caller
 * allows.
 *
 * <p>Every bound is checked before the decoder allocates for it: a string's declared length is compared with {@link
 * #maxStringLength()} and with the bytes actually remaining before any array is made.
 *
 * @param maxInputBytes the largest input accepted at all
 * @param maxDepth how deeply lists and dictionaries may nest; the top-level container is depth 1
 * @param maxElements how many values (dictionary keys included) the whole input may hold
 * @param maxStringLength the longest byte string accepted
 */
public record BencodeLimits(int maxInputBytes, int maxDepth, int maxElements, int maxStringLength) {

    /** Generous for any .torrent file: a 100 GiB file in 1 MiB pieces carries 2 MiB of piece hashes. */
    public static final int DEFAULT_MAX_INPUT_BYTES = 16 * 1024 * 1024;

    /** Metainfo and tracker responses nest three or four levels deep; 32 leaves room without risking the stack. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    /** Enough for announce lists and peer lists; each element costs a few dozen bytes of heap. */
    public static final int DEFAULT_MAX_ELEMENTS = 250_000;

    /** The longest string is usually the piece hashes: 20 bytes a piece. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;

    /**
     * The decoder recurses once per nesting level, so depth has a hard ceiling that keeps it far from the thread's
     * stack size whatever a caller asks for.
     */
    public static final int MAX_SUPPORTED_DEPTH = 512;

    /** The defaults above, in one place. */
    public static final BencodeLimits DEFAULT = new BencodeLimits(
            DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_STRING_LENGTH);

    public BencodeLimits {
        requirePositive("maxInputBytes", maxInputBytes);
        requirePositive("maxDepth", maxDepth);
        requirePositive("maxElements", maxElements);
        if (maxStringLength < 0) {
            throw new IllegalArgumentException("maxStringLength must not be negative: " + maxStringLength);
        }
        if (maxDepth > MAX_SUPPORTED_DEPTH) {
            throw new IllegalArgumentException("maxDepth " + maxDepth + " exceeds " + MAX_SUPPORTED_DEPTH);
        }
    }

    /** These limits with another maximum input size. */
    public BencodeLimits withMaxInputBytes(int value) {
        return new BencodeLimits(value, maxDepth, maxElements, maxStringLength);
    }

    /** These limits with another maximum depth. */
    public BencodeLimits withMaxDepth(int value) {
        return new BencodeLimits(maxInputBytes, value, maxElements, maxStringLength);
    }

    /** These limits with another maximum element count. */
    public BencodeLimits withMaxElements(int value) {
        return new BencodeLimits(maxInputBytes, maxDepth, value, maxStringLength);
    }

    /** These limits with another maximum string length. */
    public BencodeLimits withMaxStringLength(int value) {
        return new BencodeLimits(maxInputBytes, maxDepth, maxElements, value);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
