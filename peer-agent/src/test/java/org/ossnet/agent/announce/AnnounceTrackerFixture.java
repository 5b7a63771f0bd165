package org.ossnet.agent.announce;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;

/**
 * A BitTorrent tracker on a loopback port that records each announce's raw query and answers with whatever bencoded
 * reply the test sets.
 */
final class AnnounceTrackerFixture implements AutoCloseable {

    private final HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile byte[] reply = reply(1, List.of()).getBytes();
    private volatile int status = 200;
    private final List<BDictionary> batches = new CopyOnWriteArrayList<>();
    private volatile Function<BDictionary, byte[]> batchReply = request -> batchReply(request, 1, List.of(), Set.of());
    private volatile int batchStatus = 200;

    private AnnounceTrackerFixture() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/announce", this::announce);
        server.createContext("/announce/batch", this::batch);
        server.start();
    }

    static AnnounceTrackerFixture start() throws IOException {
        return new AnnounceTrackerFixture();
    }

    URI announceUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/announce");
    }

    /** The raw query strings received, oldest first. */
    List<String> queries() {
        return List.copyOf(queries);
    }

    void answer(byte[] body) {
        this.reply = body.clone();
    }

    void answer(int status, byte[] body) {
        this.status = status;
        this.reply = body.clone();
    }

    /** The decoded bodies of the batch announces received, oldest first. */
    List<BDictionary> batches() {
        return List.copyOf(batches);
    }

    /** Answers batch announces with {@code reply} applied to each decoded request. */
    void answerBatch(Function<BDictionary, byte[]> reply) {
        this.batchReply = reply;
    }

    /** Answers batch announces with this status and an empty body, as a tracker without the endpoint does. */
    void answerBatchStatus(int status) {
        this.batchStatus = status;
    }

    /**
     * A well-formed batch reply to {@code request}: every swarm gets {@code ipv4} as peers, except those whose hex
     * info-hash is in {@code refused}, which get {@code unknown swarm}.
     */
    static byte[] batchReply(BDictionary request, long interval, List<InetSocketAddress> ipv4, Set<String> refused) {
        List<BValue> swarms = new ArrayList<>();
        for (BValue entry : ((BList) request.get("announces").orElseThrow()).values()) {
            String hex = ((BString) ((BDictionary) entry).get("info_hash").orElseThrow()).asUtf8();
            if (refused.contains(hex)) {
                swarms.add(BDictionary.builder()
                        .put("failure reason", "unknown swarm")
                        .put("info_hash", hex)
                        .build());
            } else {
                BDictionary.Builder swarm = reply(interval, ipv4).dictionary();
                swarms.add(swarm.put("info_hash", hex).build());
            }
        }
        return Bencode.encode(BDictionary.builder()
                .put("interval", interval)
                .put("min interval", interval)
                .put("swarms", new BList(swarms))
                .build());
    }

    /** A compact reply with {@code interval} seconds and these IPv4 peers. */
    static BencodedReply reply(long interval, List<InetSocketAddress> ipv4) {
        var peers = ByteBuffer.allocate(6 * ipv4.size());
        for (InetSocketAddress peer : ipv4) {
            peers.put(peer.getAddress().getAddress()).putShort((short) peer.getPort());
        }
        return new BencodedReply(BDictionary.builder()
                .put("complete", 1)
                .put("incomplete", 2)
                .put("interval", interval)
                .put("min interval", interval)
                .put("peers", BString.of(peers.array())));
    }

    /** A reply being built, so a test can add or override keys. */
    record BencodedReply(BDictionary.Builder dictionary) {
        BencodedReply with(String key, BString value) {
            dictionary.put(key, value);
            return this;
        }

        byte[] getBytes() {
            return Bencode.encode(dictionary.build());
        }
    }

    private void announce(HttpExchange exchange) {
        try (exchange) {
            queries.add(exchange.getRequestURI().getRawQuery());
            byte[] body = reply;
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void batch(HttpExchange exchange) {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            if (batchStatus != 200) {
                exchange.sendResponseHeaders(batchStatus, -1);
                return;
            }
            BDictionary decoded = Bencode.decodeDictionary(request, BencodeLimits.DEFAULT);
            batches.add(decoded);
            byte[] body = batchReply.apply(decoded);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
