package org.ossnet.core.announce;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/** Requests and replies with their exact bytes, for the codec's tests. */
final class BatchAnnounceFixtures {

    static final String HEX = "0123456789abcdef0123456789abcdef01234567";
    static final String OTHER_HEX = "fedcba9876543210fedcba9876543210fedcba98";
    static final InfoHash HASH = InfoHash.fromHex(HEX);
    static final InfoHash OTHER = InfoHash.fromHex(OTHER_HEX);
    static final PeerId PEER_ID = PeerId.of("-ON0001-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));

    /** The worked example of the codec's Javadoc. */
    static final BatchAnnounce REQUEST = new BatchAnnounce(
            PEER_ID, 6881, 50, false, List.of(new BatchAnnounce.Entry(HASH, AnnounceEvent.STARTED, 0, 0, 1000)));

    static final String REQUEST_BYTES = "d9:announcesld10:downloadedi0e5:event7:started9:info_hash40:" + HEX
            + "4:lefti1000e8:uploadedi0eee7:numwanti50e7:peer_id20:-ON0001-abcdefghijkl4:porti6881e6:uploadi1ee";

    /** One swarm answered with one IPv4 peer (127.0.0.1:6881), one refused. */
    static final BatchAnnounceReply REPLY = new BatchAnnounceReply.Answered(
            1800,
            300,
            List.of(
                    new SwarmReply.Peers(HASH, 1, 0, 0, new byte[] {127, 0, 0, 1, 0x1a, (byte) 0xe1}, new byte[0]),
                    new SwarmReply.Refused(OTHER, "unknown swarm")));

    static final String REPLY_BYTES = "d8:intervali1800e12:min intervali300e6:swarmsl"
            + "d8:completei1e10:downloadedi0e10:incompletei0e9:info_hash40:" + HEX
            + "5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e"
            + "d14:failure reason13:unknown swarm9:info_hash40:" + OTHER_HEX + "eee";

    private BatchAnnounceFixtures() {}

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }
}
