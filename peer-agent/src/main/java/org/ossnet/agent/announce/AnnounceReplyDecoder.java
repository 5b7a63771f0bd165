package org.ossnet.agent.announce;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeException;
import org.ossnet.core.bencode.BencodeLimits;

/**
 * Turns the bytes of an announce reply into an {@link AnnounceReply}, strictly and within {@link AnnounceLimits}.
 *
 * <p>A compact reply (BEP 23, BEP 7) looks like
 * {@code d8:completei3e10:incompletei1e8:intervali1800e12:min intervali900e5:peers6:<4-byte IP><2-byte port>e}:
 * {@code peers} is 6 bytes per IPv4 peer and {@code peers6} 18 bytes per IPv6 peer, ports in network order. The
 * non-compact form (a list of {@code ip}/{@code port} dictionaries) is accepted too, with literal addresses only, so
 * that decoding never resolves a host name. A refusal is {@code d14:failure reason<n>:<text>e}.
 */
final class AnnounceReplyDecoder {

    private static final int IPV4_ENTRY = 6;
    private static final int IPV6_ENTRY = 18;

    private final AnnounceLimits limits;
    private final String tracker;

    AnnounceReplyDecoder(AnnounceLimits limits, String tracker) {
        this.limits = limits;
        this.tracker = tracker;
    }

    AnnounceReply decode(byte[] body) throws AnnounceException {
        BDictionary reply;
        try {
            reply = Bencode.decodeDictionary(
                    body,
                    BencodeLimits.DEFAULT
                            .withMaxInputBytes(limits.maxReplyBytes())
                            .withMaxDepth(4)
                            .withMaxStringLength(limits.maxReplyBytes()));
        } catch (BencodeException e) {
            throw AnnounceException.malformed(tracker, "not a bencoded dictionary: " + e.getMessage());
        }
        Optional<BValue> failure = reply.get("failure reason");
        if (failure.isPresent()) {
            String reason = failure.get() instanceof BString text ? text.asUtf8() : "(unreadable failure reason)";
            throw AnnounceException.refused(tracker, reason);
        }
        long interval =
                integer(reply, "interval").orElseThrow(() -> AnnounceException.malformed(tracker, "no interval"));
        if (interval < 1) {
            throw AnnounceException.malformed(tracker, "interval must be positive, not " + interval);
        }
        long minInterval = integer(reply, "min interval").orElse(0L);
        return swarm(reply, Duration.ofSeconds(interval), Duration.ofSeconds(Math.max(0, minInterval)));
    }

    /**
     * Reads the per-swarm part of a reply (peers, peers6, complete, incomplete) under the limits; a batch reply has
     * one such dictionary per swarm and the intervals once at the top.
     */
    AnnounceReply swarm(BDictionary reply, Duration interval, Duration minInterval) throws AnnounceException {
        List<InetSocketAddress> peers = new ArrayList<>();
        Optional<BValue> v4 = reply.get("peers");
        if (v4.isPresent()) {
            switch (v4.get()) {
                case BString compact -> compact(compact.bytes(), IPV4_ENTRY, "peers", peers);
                case BList list -> dictionaries(list, peers);
                default -> throw AnnounceException.malformed(tracker, "peers is neither a string nor a list");
            }
        }
        Optional<BValue> v6 = reply.get("peers6");
        if (v6.isPresent()) {
            if (!(v6.get() instanceof BString compact)) {
                throw AnnounceException.malformed(tracker, "peers6 is not a string");
            }
            compact(compact.bytes(), IPV6_ENTRY, "peers6", peers);
        }
        return new AnnounceReply(
                interval,
                minInterval,
                integer(reply, "complete").orElse(0L),
                integer(reply, "incomplete").orElse(0L),
                peers);
    }

    /**
     * The peers of one swarm of a batch reply, already checked by {@code BatchAnnounceCodec}: IPv4 first, at most
     * {@link AnnounceLimits#maxPeers()}, port 0 left out.
     */
    List<InetSocketAddress> compactPeers(byte[] v4, byte[] v6) throws AnnounceException {
        List<InetSocketAddress> peers = new ArrayList<>();
        compact(v4, IPV4_ENTRY, "peers", peers);
        compact(v6, IPV6_ENTRY, "peers6", peers);
        return peers;
    }

    /** The integer at {@code key}, if present; anything else there is malformed. */
    Optional<Long> integer(BDictionary reply, String key) throws AnnounceException {
        Optional<BValue> value = reply.get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof BInteger(long number))) {
            throw AnnounceException.malformed(tracker, key + " is not an integer");
        }
        return Optional.of(number);
    }

    private void compact(byte[] bytes, int entry, String key, List<InetSocketAddress> peers) throws AnnounceException {
        if (bytes.length % entry != 0) {
            throw AnnounceException.malformed(
                    tracker, key + " has " + bytes.length + " bytes, not a multiple of " + entry);
        }
        int addressLength = entry - 2;
        for (int at = 0; at < bytes.length && peers.size() < limits.maxPeers(); at += entry) {
            byte[] address = new byte[addressLength];
            System.arraycopy(bytes, at, address, 0, addressLength);
            int port = (bytes[at + addressLength] & 0xff) << 8 | (bytes[at + addressLength + 1] & 0xff);
            add(address, port, peers);
        }
    }

    private void dictionaries(BList list, List<InetSocketAddress> peers) throws AnnounceException {
        for (BValue value : list.values()) {
            if (peers.size() >= limits.maxPeers()) {
                return;
            }
            if (!(value instanceof BDictionary peer)
                    || !(peer.get("ip").orElse(null) instanceof BString ip)
                    || !(peer.get("port").orElse(null) instanceof BInteger(long port))) {
                throw AnnounceException.malformed(tracker, "a peer is not a dictionary with ip and port");
            }
            byte[] literal = literalAddress(ip.asUtf8());
            if (literal != null && port >= 0 && port <= 65535) {
                add(literal, (int) port, peers);
            }
        }
    }

    private static void add(byte[] address, int port, List<InetSocketAddress> peers) {
        if (port == 0) {
            return; // Nobody listens on port 0; a tracker that hands it out is wrong, not hostile.
        }
        try {
            peers.add(new InetSocketAddress(InetAddress.getByAddress(address), port));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** The bytes of a literal IPv4 or IPv6 address, or {@code null} for a host name, which is never looked up. */
    private static byte[] literalAddress(String text) {
        if (text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            byte[] bytes = new byte[4];
            String[] octets = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (text.indexOf(':') < 0 || !text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            // A text with a colon is only ever parsed as an IPv6 literal, never looked up.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
