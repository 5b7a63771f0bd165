package org.ossnet.agent.wire;

/**
 * A peer sent bytes that are not a valid handshake or message within the connection's {@link WireLimits}.
 *
 * <p>This is the only exception the decoders throw for bad input, whatever the bytes. It condemns one connection and
 * nothing else: its owner closes that connection (and may count it against the peer), while every other connection
 * carries on. A decoder that has thrown it stays failed and throws it again if fed more bytes.
 */
public final class WireProtocolException extends RuntimeException {

    /** A violation described by {@code message}, which should name the offending field and value. */
    public WireProtocolException(String message) {
        super(message);
    }

    /** A violation whose detail came from a lower layer, such as a bencode error inside an extended handshake. */
    public WireProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
