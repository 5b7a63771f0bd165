package org.ossnet.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.InfoHash;

/** Asks a real tracker what it knows of a published file's swarm, through its public endpoints only. */
final class SwarmProbe {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern INFO_HASH = Pattern.compile("\"infoHash\"\\s*:\\s*\"([0-9a-f]{40})\"");

    private SwarmProbe() {}

    /** The info-hash {@code /ns/<path>} gives for a published file. */
    static InfoHash infoHash(URI tracker, String path) throws IOException, InterruptedException {
        String body = new String(get(tracker.resolve("/ns/" + path)), java.nio.charset.StandardCharsets.UTF_8);
        Matcher matcher = INFO_HASH.matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("no infoHash in /ns/" + path + ": " + body);
        }
        return InfoHash.fromHex(matcher.group(1));
    }

    /** The seeds ({@code complete}) a BEP 48 scrape reports for the swarm; 0 if the tracker lists none. */
    static long seeds(URI tracker, InfoHash infoHash) throws IOException, InterruptedException {
        byte[] reply = get(tracker.resolve("/scrape?info_hash=" + infoHash.toPercentEncoded()));
        BDictionary files = (BDictionary) Bencode.decodeDictionary(reply, BencodeLimits.DEFAULT)
                .get("files")
                .orElseThrow(() -> new AssertionError("no files in the scrape reply"));
        return files.get(BString.of(infoHash.bytes()))
                .map(swarm -> ((BInteger) ((BDictionary) swarm).get("complete").orElseThrow()).value())
                .orElse(0L);
    }

    /** Polls the scrape until the seed count satisfies {@code condition}; fails after {@code timeout}. */
    static long awaitSeeds(URI tracker, InfoHash infoHash, LongPredicate condition, Duration timeout)
            throws IOException, InterruptedException {
        return awaitSeeds(tracker, infoHash, condition, timeout, () -> "");
    }

    /** As {@link #awaitSeeds(URI, InfoHash, LongPredicate, Duration)}, with {@code whyNot} (e.g. logs) in the failure. */
    static long awaitSeeds(
            URI tracker, InfoHash infoHash, LongPredicate condition, Duration timeout, Supplier<String> whyNot)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seeds = seeds(tracker, infoHash);
            if (condition.test(seeds)) {
                return seeds;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tracker still reports " + seeds + " seeds for " + infoHash.toHex()
                        + " after " + timeout + "\n" + whyNot.get());
            }
            Thread.sleep(200);
        }
    }

    private static byte[] get(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError(uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
