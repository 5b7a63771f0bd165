package org.ossnet.core.torrent;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 20-byte id a peer names itself by, in its handshakes and its announces; the tracker's swarm tables key on it.
 *
 * <p>A class rather than a record so that the bytes are compared by content and never leaked for mutation; the hash
 * is computed once, since the tracker looks ids up on every announce.
 */
public final class PeerId {

    /** Every peer id has 20 bytes. */
    public static final int LENGTH = 20;

    /**
     * The Azureus-style prefix of the OSSNET agent's peer ids: {@code ON} for OSSNET ({@code OS} is OneSwarm's),
     * version 0001.
     */
    public static final String AGENT_PREFIX = "-ON0001-";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private final int hash;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The peer id with a copy of the given 20 bytes. */
    public static PeerId of(byte[] bytes) {
        return wrap(bytes.clone());
    }

    /**
     * The peer id over 20 bytes the caller hands over and never touches again, without a copy: for decoders that
     * have just cut the bytes out of a frame.
     */
    public static PeerId wrap(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a peer id has 20 bytes, not " + bytes.length);
        }
        return new PeerId(bytes);
    }

    /**
     * A fresh random peer id in Azureus style: {@code prefix} (such as {@link #AGENT_PREFIX}, ASCII, at most 20 bytes)
     * followed by random bytes.
     */
    public static PeerId random(String prefix) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        if (head.length > LENGTH) {
            throw new IllegalArgumentException("a peer id prefix has at most 20 bytes: " + prefix);
        }
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return new PeerId(bytes);
    }

    /** A copy of the 20 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether the id begins with {@code prefix}, such as a client's Azureus-style {@code -ON0001-}. */
    public boolean startsWith(byte[] prefix) {
        return prefix.length <= LENGTH && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Hexadecimal, since peer ids are often partly binary. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
