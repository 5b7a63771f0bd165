package org.ossnet.agent.swarm;

import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The piece bytes moved per remote IP address (every connection and port of an address together) and per web seed
 * host, over every session that shares it (see {@link SwarmConfig#withTraffic}), including sessions and connections
 * since closed. Block payloads only, never protocol overhead or HTTP headers. A peer's blocks count as they arrive or
 * leave, before any hash check, so an end-game duplicate or a bad piece counts for its sender; a web seed's count once
 * their piece passed its SHA-1, as the web seed checks it before handing its blocks over.
 */
public final class PeerTraffic {

    /**
     * One remote address's figures.
     *
     * @param address the peer's IP address, e.g. {@code 127.1.0.3}
     * @param received block bytes received from it
     * @param sent block bytes sent to it
     */
    public record PeerBytes(String address, long received, long sent) {}

    /**
     * One web seed host's figures.
     *
     * @param host the {@code host:port} of the web seed URL (the port filled in when the URL has none)
     * @param received block bytes received from it
     */
    public record HttpBytes(String host, long received) {}

    /** Numeric order, IPv4 before IPv6, so {@code 127.1.0.3} comes before {@code 127.1.0.10}. */
    private static final Comparator<InetAddress> ADDRESS_ORDER = Comparator.<InetAddress>comparingInt(
                    a -> a.getAddress().length)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    private final Map<InetAddress, AtomicLong[]> peers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> http = new ConcurrentHashMap<>();

    void received(InetAddress from, long bytes) {
        peer(from)[0].addAndGet(bytes);
    }

    void sent(InetAddress to, long bytes) {
        peer(to)[1].addAndGet(bytes);
    }

    /** Counts {@code bytes} of a file received from the web seed at {@code webSeed}, under its host. */
    public void receivedOverHttp(URI webSeed, long bytes) {
        http.computeIfAbsent(host(webSeed), h -> new AtomicLong()).addAndGet(bytes);
    }

    /** Every remote address so far, in numeric order. */
    public List<PeerBytes> peers() {
        return peers.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(ADDRESS_ORDER))
                .map(e -> new PeerBytes(e.getKey().getHostAddress(), e.getValue()[0].get(), e.getValue()[1].get()))
                .toList();
    }

    /** Every web seed host so far, by name. */
    public List<HttpBytes> http() {
        return http.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new HttpBytes(e.getKey(), e.getValue().get()))
                .toList();
    }

    private AtomicLong[] peer(InetAddress address) {
        return peers.computeIfAbsent(address, a -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
    }

    private static String host(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }
}
