package org.ossnet.core.announce;

import java.util.Objects;
import org.ossnet.core.torrent.InfoHash;

/** What a tracker says about one swarm of a batch announce: its peers and counts, or why it refused that swarm. */
public sealed interface SwarmReply {

    /** The swarm this reply is about; the codec writes it as 40 hex digits under {@code info_hash}. */
    InfoHash infoHash();

    /**
     * The swarm's counts and peers, always compact.
     *
     * @param infoHash the swarm
     * @param complete seeds
     * @param downloaded {@code completed} events seen
     * @param incomplete leechers
     * @param peers 6 bytes per IPv4 peer (BEP 23): address, then port in network order
     * @param peers6 18 bytes per IPv6 peer (BEP 7); empty when there are none, and then not sent
     */
    record Peers(InfoHash infoHash, long complete, long downloaded, long incomplete, byte[] peers, byte[] peers6)
            implements SwarmReply {

        /** Bytes per IPv4 peer in {@code peers}. */
        public static final int IPV4_ENTRY = 6;

        /** Bytes per IPv6 peer in {@code peers6}. */
        public static final int IPV6_ENTRY = 18;

        public Peers {
            Objects.requireNonNull(infoHash, "infoHash");
            if (complete < 0 || downloaded < 0 || incomplete < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
            if (peers.length % IPV4_ENTRY != 0 || peers6.length % IPV6_ENTRY != 0) {
                throw new IllegalArgumentException("compact peers are 6 (IPv4) or 18 (IPv6) bytes each");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Peers other
                    && infoHash.equals(other.infoHash)
                    && complete == other.complete
                    && downloaded == other.downloaded
                    && incomplete == other.incomplete
                    && java.util.Arrays.equals(peers, other.peers)
                    && java.util.Arrays.equals(peers6, other.peers6);
        }

        @Override
        public int hashCode() {
            return Objects.hash(infoHash, complete, downloaded, incomplete)
                    + 31 * java.util.Arrays.hashCode(peers)
                    + java.util.Arrays.hashCode(peers6);
        }

        @Override
        public String toString() {
            return "Peers[" + infoHash + ", complete=" + complete + ", downloaded=" + downloaded + ", incomplete="
                    + incomplete + ", " + peers.length / IPV4_ENTRY + " IPv4, " + peers6.length / IPV6_ENTRY
                    + " IPv6]";
        }
    }

    /**
     * The tracker refused this swarm (an unknown swarm, a full tracker); the others may still be answered.
     *
     * @param infoHash the swarm
     * @param reason why, in words
     */
    record Refused(InfoHash infoHash, String reason) implements SwarmReply {
        public Refused {
            Objects.requireNonNull(infoHash, "infoHash");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
