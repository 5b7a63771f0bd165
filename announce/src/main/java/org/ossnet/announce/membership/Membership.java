package org.ossnet.announce.membership;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.ossnet.announce.peerstore.PeerStore.PeerView;
import org.ossnet.core.api.MembershipReport.Member;
import org.ossnet.core.api.MembershipReport.SwarmMembers;
import org.ossnet.core.net.IpAddresses;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/** The swarms of a membership report or reply, read strictly into store values, and written back. */
public final class Membership {

    /** The most swarms one report or reply carries. */
    public static final int MAX_SWARMS = 1000;

    /** The most peers one swarm of a report or reply carries. */
    public static final int MAX_PEERS = 200;

    private static final HexFormat HEX = HexFormat.of();

    private Membership() {}

    /** Thrown for a report that breaks a rule; {@link #field()} names the member at fault. */
    public static final class InvalidMembershipException extends IllegalArgumentException {

        private final String field;

        InvalidMembershipException(String field, String reason) {
            super(field + ": " + reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * The swarms' peers, checked: at most {@link #MAX_SWARMS} swarms of at most {@link #MAX_PEERS} peers, hex
     * info-hashes and peer ids, address literals (never names: nothing is looked up), ports 1 to 65535, and every
     * address accepted by {@code allowed} (a regional tracker speaks for its own region's peers only).
     *
     * @throws InvalidMembershipException naming the member at fault, such as {@code swarms[2].peers[0].address}
     */
    public static Map<InfoHash, List<PeerView>> read(List<SwarmMembers> swarms, Predicate<byte[]> allowed) {
        if (swarms.size() > MAX_SWARMS) {
            throw new InvalidMembershipException(
                    "swarms", "has " + swarms.size() + " entries, more than " + MAX_SWARMS);
        }
        Map<InfoHash, List<PeerView>> read = new LinkedHashMap<>();
        for (int i = 0; i < swarms.size(); i++) {
            String at = "swarms[" + i + "]";
            SwarmMembers swarm = swarms.get(i);
            if (swarm == null || swarm.infoHash() == null || !swarm.infoHash().matches("[0-9a-f]{40}")) {
                throw new InvalidMembershipException(at + ".infoHash", "must be 40 lower-case hex digits");
            }
            if (swarm.peers().size() > MAX_PEERS) {
                throw new InvalidMembershipException(
                        at + ".peers", "has " + swarm.peers().size() + " entries, more than " + MAX_PEERS);
            }
            List<PeerView> peers = new ArrayList<>(swarm.peers().size());
            for (int j = 0; j < swarm.peers().size(); j++) {
                peers.add(peer(swarm.peers().get(j), at + ".peers[" + j + "]", allowed));
            }
            if (read.putIfAbsent(InfoHash.fromHex(swarm.infoHash()), peers) != null) {
                throw new InvalidMembershipException(at + ".infoHash", "lists the swarm a second time");
            }
        }
        return read;
    }

    /** The swarms' peers as a report or reply carries them. */
    public static List<SwarmMembers> write(Map<InfoHash, List<PeerView>> swarms) {
        List<SwarmMembers> written = new ArrayList<>(swarms.size());
        swarms.forEach((swarm, peers) -> written.add(new SwarmMembers(
                swarm.toHex(),
                peers.stream()
                        .map(p -> new Member(HEX.formatHex(p.id().bytes()), literal(p.address()), p.port(), p.seed()))
                        .toList())));
        return written;
    }

    private static PeerView peer(Member member, String at, Predicate<byte[]> allowed) {
        if (member == null) {
            throw new InvalidMembershipException(at, "must be a peer, not null");
        }
        if (member.peerId() == null || !member.peerId().matches("[0-9a-f]{40}")) {
            throw new InvalidMembershipException(at + ".peerId", "must be 40 lower-case hex digits");
        }
        if (member.port() < 1 || member.port() > 65535) {
            throw new InvalidMembershipException(at + ".port", "must be 1 to 65535, not " + member.port());
        }
        byte[] address = address(member.address(), at + ".address");
        if (!allowed.test(address)) {
            throw new InvalidMembershipException(
                    at + ".address", member.address() + " is not in the region this tracker speaks for");
        }
        return new PeerView(PeerId.of(HEX.parseHex(member.peerId())), address, member.port(), member.seed());
    }

    private static byte[] address(String text, String at) {
        if (text == null || !text.matches("[0-9a-fA-F:.]{2,45}") || !(text.contains(".") || text.contains(":"))) {
            throw new InvalidMembershipException(at, "must be an IPv4 or IPv6 address literal");
        }
        try {
            return IpAddresses.normalise(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            throw new InvalidMembershipException(at, "must be an IPv4 or IPv6 address literal");
        }
    }

    private static String literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}
