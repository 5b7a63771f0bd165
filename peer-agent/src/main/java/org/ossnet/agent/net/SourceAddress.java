package org.ossnet.agent.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * The local address every outgoing connection of a command binds to (tracker and web seed HTTP, BitTorrent peers),
 * so that trackers and peers see the agent at the address it listens on rather than at the one the kernel picks for
 * the route (127.0.0.1 for every loopback address, the primary address of an interface). {@link #ANY} binds nothing,
 * leaving the choice to the kernel as before.
 *
 * @param address the address to bind to, or {@code null} for none; a wildcard address ({@code 0.0.0.0}, {@code ::})
 *     counts as none
 */
public record SourceAddress(InetAddress address) {

    /** No binding: the kernel picks the source address of each connection. */
    public static final SourceAddress ANY = new SourceAddress(null);

    public SourceAddress {
        if (address != null && address.isAnyLocalAddress()) {
            address = null;
        }
    }

    /**
     * Written out, as {@link #hashCode} is: a record's own are linked at first use through {@code ObjectMethods},
     * which spins classes in every command ({@link HttpClients#forTrackers} keys its clients by source address).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SourceAddress that && Objects.equals(address, that.address);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(address);
    }

    /** The address connections bind to, if any. */
    public Optional<InetAddress> bound() {
        return Optional.ofNullable(address);
    }

    /** {@code builder} binding its connections to this address, or unchanged for {@link #ANY}. */
    public HttpClient.Builder applyTo(HttpClient.Builder builder) {
        return address == null ? builder : builder.localAddress(address);
    }

    /** Binds the unconnected {@code channel} to this address and a free port, before it connects; nothing for ANY. */
    public void bind(SocketChannel channel) throws IOException {
        if (address != null) {
            channel.bind(new InetSocketAddress(address, 0));
        }
    }

    /**
     * Checks that this machine has the address, by binding a socket to it, so a command refuses it before its first
     * connection rather than failing every one of them.
     *
     * @return this source address
     * @throws BindException if the address cannot be bound to, for instance because no interface has it
     */
    public SourceAddress requireLocal() throws IOException {
        if (address != null) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(address, 0));
            }
        }
        return this;
    }

    /** The address as text, e.g. {@code 127.2.0.7}, or {@code null} for {@link #ANY}. */
    public String text() {
        return address == null ? null : address.getHostAddress();
    }
}
