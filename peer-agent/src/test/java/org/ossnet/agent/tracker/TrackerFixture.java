package org.ossnet.agent.tracker;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventReceipt;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.RegionReferral;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.InfoHash;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small tracker on 127.0.0.1 for tests of the agent's HTTP side: it serves the tracker contract (discovery,
 * {@code /ns}, the snapshot and its signature, publish) with real snapshots signed by a real key made here. One
 * collection, {@code ossnet://127.0.0.1:<port>/demo}; a publish becomes the snapshot it serves next. Its announce hands
 * each swarm's earlier announcers that upload out as a real tracker does, at the address each announce came from; it
 * has no batch announce, so seeders fall back to one announce per swarm.
 */
public final class TrackerFixture implements AutoCloseable {

    /** The only bearer token the fixture accepts. */
    public static final String TOKEN = "fixture-token";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final SigningKey key;
    private final String publisher;
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Set<InetSocketAddress>> swarms = new ConcurrentHashMap<>();
    private volatile RegionReferral referral;
    private volatile byte[] authority;
    private volatile byte[] authoritySignature;
    private final List<PublishRequest> published = new CopyOnWriteArrayList<>();
    private volatile List<OpenPgpPublicKey> discoveryKeys;
    private volatile Snapshot current;
    private volatile byte[] document;
    private volatile byte[] signature;
    private volatile int publishStatus = 201;
    private volatile String publishDetail;
    private final java.util.Map<String, byte[]> torrents = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<DownloadEventBatch> eventBatches = new CopyOnWriteArrayList<>();
    private volatile boolean takesEvents;
    private volatile int snapshotStatus = 200;
    private volatile boolean holdSignature;
    private final CountDownLatch signatureAbandoned = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private TrackerFixture(SigningKey key, String publisher) throws IOException {
        this.key = key;
        this.publisher = publisher;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Requests are answered side by side, as a real tracker answers them: one held answer stops no other.
        server.setExecutor(executor);
        // Every request is counted, so tests can tell which tracker an agent asked.
        server.createContext("/", exchange -> {
            requests.add(Seen.of(exchange));
            problem(exchange, 404, "Not Found", "no such path");
        });
        context("/regions/", exchange -> {
            boolean asc = exchange.getRequestURI().getPath().endsWith(".asc");
            byte[] body = asc ? authoritySignature : authority;
            if (body == null) {
                problem(exchange, 404, "Not Found", "no region authority");
            } else {
                send(exchange, 200, asc ? "text/plain" : "application/json", body);
            }
        });
        context("/.well-known/ossnet.json", this::discovery);
        context("/ns/", this::ns);
        context("/snapshots/demo.json", exchange -> {
            if (snapshotStatus != 200) {
                problem(exchange, snapshotStatus, "Unavailable", "the snapshot is not served");
            } else {
                send(exchange, 200, "application/json", document);
            }
        });
        context("/snapshots/demo.json.asc", exchange -> {
            if (holdSignature) {
                holdUntilAbandoned(exchange);
            } else {
                send(exchange, 200, "text/plain", signature);
            }
        });
        context("/api/v1/publish", this::publish);
        context("/torrents/", exchange -> {
            byte[] torrent = torrents.get(exchange.getRequestURI().getPath().substring("/torrents/".length()));
            if (torrent == null) {
                problem(exchange, 404, "Not Found", "no such torrent");
            } else {
                send(exchange, 200, "application/x-bittorrent", torrent);
            }
        });
        context("/announce", this::announce);
        context("/api/v1/events", this::events);
        server.start();
        discoveryKeys = List.of(key.publicKey());
    }

    /** Starts a fixture on a free loopback port. */
    public static TrackerFixture start() throws IOException {
        return new TrackerFixture(SigningKey.generate("Fixture Publisher <publisher@example.org>"), null);
    }

    /**
     * Starts a regional tracker of {@code master}'s publisher on another port: it serves, at its own URLs, the
     * snapshot, signature and torrents {@code master} serves now, and an announce of its own.
     */
    public static TrackerFixture regional(TrackerFixture master) throws IOException {
        TrackerFixture regional = new TrackerFixture(master.key, master.publisher());
        regional.serveRaw(master.current, master.document, master.signature);
        regional.torrents.putAll(master.torrents);
        return regional;
    }

    public String publisher() {
        return publisher != null
                ? publisher
                : "127.0.0.1:" + server.getAddress().getPort();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Makes discovery carry {@code referral}, as a tracker does for a client inside a delegated region. */
    public void refer(RegionReferral referral) {
        this.referral = referral;
    }

    /** Serves {@code document} and {@code signature} at every {@code /regions/} path (and {@code .asc}). */
    public void serveRegionAuthority(byte[] document, byte[] signature) {
        this.authority = document.clone();
        this.authoritySignature = signature.clone();
    }

    /** How many requests asked for a path starting with {@code prefix}, such as {@code /announce} or {@code /ns/}. */
    public long hits(String prefix) {
        return requests.stream().filter(r -> r.path().startsWith(prefix)).count();
    }

    /** The source address of every request so far, oldest first, with its path. */
    public List<Seen> requests() {
        return List.copyOf(requests);
    }

    /**
     * One request the fixture answered.
     *
     * @param path its path
     * @param from the source address of its connection, as a tracker sees it
     */
    public record Seen(String path, InetAddress from) {
        static Seen of(HttpExchange exchange) {
            return new Seen(
                    exchange.getRequestURI().getPath(),
                    exchange.getRemoteAddress().getAddress());
        }
    }

    public OssnetName collection() {
        return OssnetName.parse("ossnet://" + publisher() + "/demo");
    }

    public SigningKey key() {
        return key;
    }

    /** Makes discovery offer {@code keys} instead of the fixture's own. */
    public void offerKeys(List<OpenPgpPublicKey> keys) {
        discoveryKeys = List.copyOf(keys);
    }

    /** Serves a new snapshot of the collection, signed with the fixture's key. */
    public Snapshot serve(long version, Instant expires, List<SnapshotFile> files) {
        return serve(version, expires, files, Optional.empty());
    }

    /** As {@link #serve(long, Instant, List)}, embargoed until {@code embargoUntil} if present. */
    public Snapshot serve(long version, Instant expires, List<SnapshotFile> files, Optional<Instant> embargoUntil) {
        // Created an hour before expiry or an hour ago, whichever is earlier, so expired snapshots can be made too.
        Instant hourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        Instant beforeExpiry = expires.minus(1, ChronoUnit.HOURS);
        Instant created = beforeExpiry.isBefore(hourAgo) ? beforeExpiry : hourAgo;
        Snapshot snapshot = new Snapshot(collection(), version, created, expires, embargoUntil, files);
        byte[] bytes = SnapshotCodec.encode(snapshot);
        serveRaw(snapshot, bytes, key.sign(bytes).getBytes(StandardCharsets.US_ASCII));
        return snapshot;
    }

    /** Serves exactly these bytes, for tests of what the agent must refuse. */
    public void serveRaw(Snapshot snapshot, byte[] document, byte[] signature) {
        this.current = snapshot;
        this.document = document.clone();
        this.signature = signature.clone();
    }

    /** Makes the next publishes fail with {@code status} and a problem whose detail is {@code detail}. */
    public void failPublishWith(int status, String detail) {
        this.publishStatus = status;
        this.publishDetail = detail;
    }

    /** Links {@code torrent} as the {@code .torrent} of the file at {@code path} in {@code /ns} answers. */
    public void serveTorrent(String path, org.ossnet.core.torrent.Metainfo torrent) {
        torrents.put(path, torrent.toBytes());
    }

    /**
     * Makes {@code POST /api/v1/events} take batches (200 with a receipt) or, by default, answer 404 as a tracker
     * without the endpoint would.
     */
    public void takeEvents(boolean take) {
        this.takesEvents = take;
    }

    /** The download event batches taken so far. */
    public List<DownloadEventBatch> eventBatches() {
        return List.copyOf(eventBatches);
    }

    /** The publish requests accepted so far. */
    public List<PublishRequest> publishRequests() {
        return List.copyOf(published);
    }

    /** From now on the snapshot document is answered {@code status}, a problem, instead of the document. */
    public void failSnapshotWith(int status) {
        snapshotStatus = status;
    }

    /**
     * From now on the snapshot's signature is never sent in full: its headers come, then a byte every 100 ms, until the
     * client closes the connection ({@link #signatureAbandoned}).
     */
    public void holdSignature() {
        holdSignature = true;
    }

    /** Whether a client closed a held signature's connection within {@code wait}. */
    public boolean signatureAbandoned(Duration wait) throws InterruptedException {
        return signatureAbandoned.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void holdUntilAbandoned(HttpExchange exchange) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 1_000);
            // A byte every 100 ms until the client hangs up, or this fixture closes.
            for (int i = 0; i < 1_000 && !closed.await(100, TimeUnit.MILLISECONDS); i++) {
                exchange.getResponseBody().write('-');
                exchange.getResponseBody().flush();
            }
        } catch (IOException e) {
            signatureAbandoned.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        List<PublisherKey> keys = new ArrayList<>();
        for (OpenPgpPublicKey k : discoveryKeys) {
            keys.add(new PublisherKey(k.fingerprint(), k.armored(), keys.isEmpty(), null));
        }
        Discovery discovery = new Discovery(
                publisher(),
                base(),
                base().resolve("announce"),
                base().resolve("ns/"),
                keys,
                base().resolve("snapshots/feed"),
                base().resolve("api/v1/mirrors"),
                referral);
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(discovery));
    }

    private void ns(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath().substring("/ns/".length());
        OssnetName name = OssnetName.parse("ossnet://" + publisher() + "/" + path);
        Snapshot snapshot = current;
        if (snapshot == null || !name.startsWith(collection())) {
            problem(exchange, 404, "Not Found", "nothing is published at " + name);
            return;
        }
        Optional<SnapshotFile> file = name.segments().size() > 1
                ? snapshot.files().stream()
                        .filter(f -> f.path().equals(collection().relativize(name)))
                        .findFirst()
                : Optional.empty();
        NsEntry entry = new NsEntry(
                file.isPresent() ? NsEntry.FILE : NsEntry.DIRECTORY,
                name.format(),
                collection().format(),
                snapshot.version(),
                base().resolve("snapshots/demo.json"),
                base().resolve("snapshots/demo.json.asc"),
                snapshot.expires(),
                file.map(SnapshotFile::size).orElse(null),
                file.map(SnapshotFile::sha256).orElse(null),
                file.map(SnapshotFile::infoHash).orElse(null),
                file.filter(f -> torrents.containsKey(f.path().path()))
                        .map(f -> base().resolve("torrents/" + f.path().path()))
                        .orElse(null),
                null,
                null,
                file.isPresent() ? null : List.of());
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(entry));
    }

    /**
     * A BEP 3 announce: the announcer joins its swarm at the source address of the request and the port it gives
     * (unless it stopped or said {@code ossnet_upload=0}, as the real tracker never hands those out) and gets the
     * swarm's other members, compact. No peers at all for a lone downloader: its file comes from the web seeds.
     */
    private void announce(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/announce")) {
            problem(exchange, 404, "Not Found", "no batch announce here");
            return;
        }
        Map<String, String> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        var self = new InetSocketAddress(exchange.getRemoteAddress().getAddress(), Integer.parseInt(query.get("port")));
        Set<InetSocketAddress> swarm =
                swarms.computeIfAbsent(query.get("info_hash"), h -> ConcurrentHashMap.newKeySet());
        if ("stopped".equals(query.get("event")) || "0".equals(query.get("ossnet_upload"))) {
            swarm.remove(self);
        } else {
            swarm.add(self);
        }
        var peers = new ByteArrayOutputStream();
        for (InetSocketAddress peer : swarm) {
            if (!peer.equals(self) && peer.getAddress().getAddress().length == 4) {
                peers.write(peer.getAddress().getAddress());
                peers.write(peer.getPort() >> 8);
                peers.write(peer.getPort() & 0xff);
            }
        }
        var reply = new ByteArrayOutputStream();
        reply.write(("d8:intervali60e5:peers" + peers.size() + ":").getBytes(StandardCharsets.US_ASCII));
        peers.writeTo(reply);
        reply.write('e');
        send(exchange, 200, "text/plain", reply.toByteArray());
    }

    private void events(HttpExchange exchange) throws IOException {
        if (!takesEvents) {
            problem(exchange, 404, "Not Found", "no such endpoint");
            return;
        }
        DownloadEventBatch batch = JSON.readValue(exchange.getRequestBody().readAllBytes(), DownloadEventBatch.class);
        eventBatches.add(batch);
        int n = batch.events().size();
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(new DownloadEventReceipt(n, n, 0)));
    }

    private void publish(HttpExchange exchange) throws IOException {
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            problem(exchange, 401, "Unauthorized", "a valid publisher token is required");
            return;
        }
        if (publishStatus != 201) {
            problem(exchange, publishStatus, "Refused", publishDetail);
            return;
        }
        PublishRequest request = JSON.readValue(exchange.getRequestBody().readAllBytes(), PublishRequest.class);
        published.add(request);
        long version = request.version() != null ? request.version() : (current == null ? 1 : current.version() + 1);
        List<SnapshotFile> files = new ArrayList<>();
        for (PublishedFile f : request.files()) {
            files.add(toSnapshotFile(f));
        }
        Snapshot snapshot = serve(version, Instant.now().plus(7, ChronoUnit.DAYS), files);
        PublishResponse response = new PublishResponse(
                snapshot.collection().format(),
                version,
                base().resolve("snapshots/demo.json"),
                base().resolve("snapshots/demo.json.asc"),
                snapshot.expires(),
                files.size());
        send(exchange, 201, "application/json", JSON.writeValueAsBytes(response));
    }

    private static SnapshotFile toSnapshotFile(PublishedFile f) {
        if (f.info() == null) {
            return new SnapshotFile(RelativePath.parse(f.path()), f.size(), f.sha256(), 0, null);
        }
        byte[] info = Base64.getDecoder().decode(f.info());
        long pieceLength = ((BInteger) Bencode.decodeDictionary(info, BencodeLimits.DEFAULT)
                        .get("piece length")
                        .orElseThrow())
                .value();
        return new SnapshotFile(
                RelativePath.parse(f.path()),
                f.size(),
                f.sha256(),
                Math.toIntExact(pieceLength),
                InfoHash.sha1Of(info).toHex());
    }

    /** Serves {@code path} with {@code handler}, counting each request. */
    private void context(String path, HttpHandler handler) {
        server.createContext(path, handler).getFilters().add(new Counting());
    }

    /** Records the path of every request before its handler runs. */
    private final class Counting extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            requests.add(Seen.of(exchange));
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "counts requests";
        }
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        byte[] body = JSON.writeValueAsBytes(new TrackerClient.Problem(title, status, detail));
        send(exchange, status, "application/problem+json", body);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
