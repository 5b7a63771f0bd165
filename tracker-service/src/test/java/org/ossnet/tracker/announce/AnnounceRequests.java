package org.ossnet.tracker.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;

/** Plain HTTP announces against a running tracker, and reading their bencoded replies, for the tests. */
final class AnnounceRequests {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AnnounceRequests() {}

    static HttpResponse<byte[]> get(URI base, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static BDictionary announce(URI base, InfoHash swarm, int peer, String extra, String... headers) throws Exception {
        HttpResponse<byte[]> response = get(
                base,
                "/announce?info_hash=" + swarm.toPercentEncoded() + "&peer_id=-IT0001-"
                        + String.format("%012d", peer) + "&port=" + (7000 + peer) + "&uploaded=0&downloaded=0"
                        + extra,
                headers);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return Bencode.decodeDictionary(response.body(), BencodeLimits.DEFAULT);
    }

    static long integer(BDictionary dictionary, String key) {
        return ((BInteger) dictionary.get(key).orElseThrow()).value();
    }

    static byte[] bytes(BDictionary dictionary, String key) {
        return ((BString) dictionary.get(key).orElseThrow()).bytes();
    }

    static String failure(BDictionary reply) {
        return reply.get("failure reason").map(v -> ((BString) v).asUtf8()).orElse(null);
    }

    /** Waits (bounded) until the tracker has picked up the publish. */
    static void awaitAnnounceable(URI tracker, InfoHash swarm) throws Exception {
        // The refresh runs every 100 ms here; the deadline leaves room for a busy two-core machine.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (failure(announce(tracker, swarm, 999, "&left=1&numwant=0&event=stopped")) != null) {
            assertThat(System.nanoTime())
                    .as("announceable within seconds of publishing")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static int port(byte[] compact, int index, int entryLength) {
        int at = index * entryLength + entryLength - 2;
        return (compact[at] & 0xff) << 8 | compact[at + 1] & 0xff;
    }
}
