package org.ossnet.agent.swarm;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;

/** Blocking handshake I/O on a socket or a TLS session, shared by dialled and accepted connections. */
final class Handshakes {

    /** Enough for a handshake and the messages that often follow it in the same segment. */
    static final int BUFFER = 16 * 1024;

    private Handshakes() {}

    static void write(ByteChannel channel, Handshake ours) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(Handshake.LENGTH);
        ours.writeTo(out);
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /**
     * Reads until {@code decoder} has {@code bytes} of the handshake (the whole of it, or the part before the peer
     * id). {@code buffer} is in read mode before and after; what it holds afterwards came after the handshake.
     */
    static void readUntil(ByteChannel channel, HandshakeDecoder decoder, ByteBuffer buffer, int bytes)
            throws IOException {
        boolean done = decoder.decode(buffer);
        while (!done && !(bytes < Handshake.LENGTH && decoder.infoHash().isPresent())) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new EOFException("the peer closed the connection during the handshake");
            }
            buffer.flip();
            done = decoder.decode(buffer);
        }
    }
}
