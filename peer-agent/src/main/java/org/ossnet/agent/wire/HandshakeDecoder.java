package org.ossnet.agent.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * Reads one peer's {@link Handshake} from the bytes of a connection, however they are split across reads.
 *
 * <p>The info-hash is available as soon as the first {@value Handshake#LENGTH_BEFORE_PEER_ID} bytes have arrived,
 * before the peer id: the side that accepted a connection matches it to a torrent by info-hash and answers with its own
 * handshake, and some peers send their peer id only after seeing that answer. The decoder never consumes a byte past
 * the handshake, so what remains in the buffer belongs to the {@link MessageDecoder}.
 *
 * <p>One decoder per connection; not thread-safe.
 */
public final class HandshakeDecoder {

    private enum State {
        PROTOCOL,
        INFO_HASH,
        PEER_ID,
        DONE,
        FAILED
    }

    private final byte[] frame = new byte[Handshake.LENGTH];
    private int filled;
    private State state = State.PROTOCOL;
    private String failure;

    /** A decoder waiting for the first byte of a handshake. */
    public HandshakeDecoder() {}

    /**
     * Consumes bytes of {@code in} up to the end of the handshake, never beyond it.
     *
     * @return whether the whole handshake has now arrived
     * @throws WireProtocolException if the bytes do not start a BitTorrent handshake
     */
    public boolean decode(ByteBuffer in) {
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case PROTOCOL -> {
                    fill(in, 1 + Handshake.PROTOCOL.length + 8);
                    checkProtocol();
                }
                case INFO_HASH -> fill(in, Handshake.LENGTH_BEFORE_PEER_ID);
                case PEER_ID -> fill(in, Handshake.LENGTH);
                case FAILED -> throw new WireProtocolException(failure);
                case DONE -> throw new AssertionError();
            }
        }
        if (state == State.FAILED) {
            throw new WireProtocolException(failure);
        }
        return state == State.DONE;
    }

    /** The info-hash, once the first {@value Handshake#LENGTH_BEFORE_PEER_ID} bytes have arrived. */
    public Optional<InfoHash> infoHash() {
        return filled >= Handshake.LENGTH_BEFORE_PEER_ID
                ? Optional.of(InfoHash.of(Arrays.copyOfRange(frame, 28, 48)))
                : Optional.empty();
    }

    /** The reserved bytes as a big-endian long, once the 28 bytes up to them have arrived. */
    public Optional<Long> reserved() {
        return filled >= 28 ? Optional.of(ByteBuffer.wrap(frame, 20, 8).getLong()) : Optional.empty();
    }

    /**
     * The whole handshake.
     *
     * @throws IllegalStateException if it has not all arrived yet
     */
    public Handshake handshake() {
        if (state != State.DONE) {
            throw new IllegalStateException("the handshake has not all arrived: " + filled + " of 68 bytes");
        }
        return new Handshake(
                reserved().orElseThrow(), infoHash().orElseThrow(), PeerId.wrap(Arrays.copyOfRange(frame, 48, 68)));
    }

    /** Copies bytes until {@code frame} holds {@code end} bytes or {@code in} runs dry; advances the state at the end. */
    private void fill(ByteBuffer in, int end) {
        int n = Math.min(end - filled, in.remaining());
        in.get(frame, filled, n);
        filled += n;
        if (filled == end) {
            state = switch (state) {
                case PROTOCOL -> State.INFO_HASH;
                case INFO_HASH -> State.PEER_ID;
                default -> State.DONE;
            };
        }
    }

    /** Rejects a wrong protocol name as early as its bytes arrive, so that a stray HTTP or encrypted stream fails fast. */
    private void checkProtocol() {
        if (filled >= 1 && frame[0] != Handshake.PROTOCOL.length) {
            fail("not a BitTorrent handshake: protocol name length " + (frame[0] & 0xff)
                    + ", expected 19 (an encrypted or non-BitTorrent connection?)");
            return;
        }
        int checked = Math.min(filled, 1 + Handshake.PROTOCOL.length) - 1;
        if (checked > 0 && !Arrays.equals(frame, 1, 1 + checked, Handshake.PROTOCOL, 0, checked)) {
            fail("not a BitTorrent handshake: protocol name \""
                    + new String(frame, 1, checked, StandardCharsets.ISO_8859_1) + "\"");
        }
    }

    private void fail(String message) {
        state = State.FAILED;
        failure = message;
    }
}
