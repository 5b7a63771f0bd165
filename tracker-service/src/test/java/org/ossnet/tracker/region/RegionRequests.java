package org.ossnet.tracker.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.tracker.FromAddress;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;

/** Admin requests and announces from chosen source addresses, for the region tests. */
final class RegionRequests {

    private RegionRequests() {}

    static void put(TrackerUnderTest app, String token, String path, Object body) throws Exception {
        HttpResponse<String> response = Publications.send(app.url(), "PUT", path, token, body);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    static BDictionary announce(TrackerUnderTest app, String source, InfoHash swarm, int peer, long left)
            throws Exception {
        return announce(app, source, swarm, peer, left, 0);
    }

    static BDictionary announce(TrackerUnderTest app, String source, InfoHash swarm, int peer, long left, int numwant)
            throws Exception {
        URI uri = URI.create(app.announceListenerUrl() + "/announce?info_hash=" + swarm.toPercentEncoded()
                + "&peer_id=-IT0001-" + String.format("%012d", peer) + "&port=" + (7000 + peer)
                + "&uploaded=0&downloaded=0&compact=1&numwant=" + numwant + "&left=" + left
                + (left == 0 ? "&event=completed" : "&event=started"));
        BDictionary reply =
                Bencode.decodeDictionary(FromAddress.get(source, uri).bodyBytes(), BencodeLimits.DEFAULT);
        assertThat(reply.get("failure reason")).isEmpty();
        return reply;
    }

    static List<String> peers(BDictionary reply) {
        byte[] compact = ((BString) reply.get("peers").orElseThrow()).bytes();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i + 6 <= compact.length; i += 6) {
            addresses.add((compact[i] & 0xff) + "." + (compact[i + 1] & 0xff) + "." + (compact[i + 2] & 0xff) + "."
                    + (compact[i + 3] & 0xff));
        }
        return addresses;
    }

    static void awaitAnnounceable(TrackerUnderTest app, InfoHash swarm) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            URI uri = URI.create(app.announceListenerUrl() + "/announce?info_hash=" + swarm.toPercentEncoded()
                    + "&peer_id=-IT0001-000000000000&port=7000&uploaded=0&downloaded=0&left=1&numwant=0&event=stopped");
            BDictionary reply =
                    Bencode.decodeDictionary(FromAddress.get("127.0.0.1", uri).bodyBytes(), BencodeLimits.DEFAULT);
            if (reply.get("failure reason").isEmpty()) {
                return;
            }
            assertThat(System.nanoTime()).as("announceable within seconds").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
