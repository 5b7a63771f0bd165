package org.ossnet.agent.swarm;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides whether a peer that has just handshaken may join a full swarm, and which connection it displaces, as
 * libtorrent disconnects its least useful peer when {@code connections_limit} is reached. Without this, peers that
 * handshake and then only send keep-alives hold every slot until they leave, and nobody else gets in.
 *
 * <p>While the swarm has a free slot anyone may take it. When it is full:
 *
 * <ul>
 *   <li>a newcomer from an address that already holds its share ({@code perAddress} connections; an IPv6 /64 counts
 *       as one address, since one host usually has a whole /64) is refused, so one address can never push out
 *       anybody else;
 *   <li>otherwise it displaces a connection that has moved no block, either way, for a grace period (a newcomer is
 *       safe for that long too, so it can show it is useful). Connections from addresses beyond their share go first
 *       (the most crowded address first), then those that have exchanged the fewest block bytes, those where neither
 *       side is interested, and the longest idle;
 *   <li>if every connection moved a block within the grace period, the newcomer is refused: a transfer in progress is
 *       never cut off for a peer that has given nothing yet.
 * </ul>
 *
 * <p>The share is a soft limit rather than a cap on connections per address: a cap would refuse peers behind one NAT
 * (or several clients on one host) even while slots are free, which protects nobody.
 *
 * <p>Pure decisions, no I/O, like the {@link Choker}.
 */
final class Admission {

    /** A connected peer as eviction sees it; {@code lastBlockNanos} is its connection time until a block moves. */
    record Candidate<P>(P peer, String address, long lastBlockNanos, long bytesExchanged, boolean interested) {}

    /** What happens to a newcomer. */
    sealed interface Decision<P> {
        /** It takes a free slot. */
        record Admit<P>() implements Decision<P> {}

        /** It takes {@code victim}'s slot; the victim is disconnected. */
        record Displace<P>(P victim) implements Decision<P> {}

        /** It is disconnected. */
        record Refuse<P>() implements Decision<P> {}
    }

    private final int maxConnections;
    private final int perAddress;
    private final long graceNanos;

    Admission(int maxConnections, int perAddress, long graceNanos) {
        this.maxConnections = maxConnections;
        this.perAddress = perAddress;
        this.graceNanos = graceNanos;
    }

    /** What happens to a newcomer from {@code address} (see {@link #address}) given the {@code connected} peers. */
    <P> Decision<P> decide(List<Candidate<P>> connected, String address, long now) {
        if (connected.size() < maxConnections) {
            return new Decision.Admit<>();
        }
        Map<String, Long> perGroup =
                connected.stream().collect(Collectors.groupingBy(Candidate::address, Collectors.counting()));
        if (perGroup.getOrDefault(address, 0L) >= perAddress) {
            return new Decision.Refuse<>();
        }
        Function<Candidate<P>, Long> crowding = c -> {
            long count = perGroup.get(c.address());
            return count > perAddress ? -count : 0;
        };
        return connected.stream()
                .filter(c -> now - c.lastBlockNanos() >= graceNanos)
                .min(Comparator.comparing(crowding)
                        .thenComparingLong(Candidate::bytesExchanged)
                        .thenComparing(Candidate::interested)
                        .thenComparingLong(Candidate::lastBlockNanos))
                .<Decision<P>>map(c -> new Decision.Displace<>(c.peer()))
                .orElseGet(Decision.Refuse::new);
    }

    /** The address a peer's share is counted under: the IPv4 address itself, or the /64 of an IPv6 address. */
    static String address(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] prefix = Arrays.copyOf(Arrays.copyOf(address.getAddress(), 8), 16);
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
