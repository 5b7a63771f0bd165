package org.ossnet.region;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ossnet.core.api.SnapshotEvent;
import org.ossnet.core.api.SnapshotFeed;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListCodec;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.TorrentBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speaks the master tracker's public contract that region-service reads (region authorities and their list, the
 * snapshot feed, snapshots, name entries, torrents) on 127.0.0.1, with documents really signed by a publisher key, so
 * region-service's integration tests run without booting tracker-service (the system tests use the real one).
 * {@link #setAvailable(boolean) setAvailable(false)} makes it answer 503 to everything, as a master that is down
 * behind its load balancer.
 *
 * <p>Mirror credentials, as the master's contract has them: {@link #serveMirrorCa} names a CA certificate in
 * discovery, {@link #serveRevocationList} serves any list signed with the publisher key (so tests can offer an older
 * or a short-lived one), and a request carrying the signed-request headers is answered as the master answers a
 * credentialed one ({@code no-store, private}) and recorded with those headers, for tests to see them relayed intact.
 * The master's own verification of those requests is tracker-service's, tested there.
 */
public final class MasterFixture implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The {@code Cache-Control} of a name's entry, which a relay passes on. */
    public static final String NS_MAX_AGE = "max-age=7";

    /** A document and its armored detached signature. */
    public record Signed(byte[] document, byte[] signature) {}

    private final SigningKey key = SigningKey.generate("OSSNET test publisher <test@localhost>");
    /** The regional tracker's own key, which the authorities name and membership reports are signed with. */
    private final SigningKey tracker = SigningKey.generate("OSSNET regional tracker <eu@localhost>");

    private final List<byte[]> reports = new CopyOnWriteArrayList<>();
    private volatile byte[] membershipReply =
            "{\"region\":\"\",\"authorityVersion\":0,\"sequence\":0,\"swarms\":[]}".getBytes(StandardCharsets.UTF_8);
    private final HttpServer server;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final Map<String, Signed> authorities = new ConcurrentHashMap<>();
    private final Map<String, Signed> listed = new ConcurrentHashMap<>();
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final List<SnapshotEvent> feed = new CopyOnWriteArrayList<>();
    private final List<SignedArrival> signedArrivals = new CopyOnWriteArrayList<>();
    private volatile X509Certificate mirrorCa;
    private volatile String caSha256;
    private volatile Signed revocationList;
    private volatile long revocationListVersion;

    /** A request that arrived with the signed-request headers: its target and those headers as received. */
    public record SignedArrival(String target, String certificate, String signature) {}

    /** What the master answers a credentialed request, with {@link #CREDENTIALED_CACHE_CONTROL}. */
    public static final String CREDENTIALED_BODY = "{\"credentialed\":true}";

    /** The {@code Cache-Control} of every answer to a credentialed request, as the tracker's. */
    public static final String CREDENTIALED_CACHE_CONTROL = "no-store, private";

    public MasterFixture() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The publisher, as in names: the authority of {@link #url()}. */
    public String publisher() {
        return url().getAuthority();
    }

    public SigningKey key() {
        return key;
    }

    public SigningKey tracker() {
        return tracker;
    }

    /** The membership reports received and signed by the regional tracker's key, oldest first. */
    public List<byte[]> reports() {
        return reports;
    }

    /** What {@code POST /api/v1/regions/{name}/membership} answers from now on. */
    public void answerMembership(byte[] reply) {
        membershipReply = reply;
    }

    public void setAvailable(boolean available) {
        this.available.set(available);
    }

    /** An authority of this publisher, for {@code region}, signed by {@code signer}. */
    public Signed authority(
            SigningKey signer, String publisher, String region, long version, List<String> prefixes, Instant expires) {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        byte[] document = RegionAuthorityCodec.encode(new RegionAuthority(
                publisher,
                region,
                version,
                prefixes.stream().map(Cidr::parse).toList(),
                List.of(URI.create("http://127.0.0.1:9/")),
                List.of(URI.create("http://127.0.0.1:9/announce")),
                tracker.fingerprint(),
                Map.of("other", 7L),
                10,
                issued,
                expires));
        return new Signed(document, signer.sign(document).getBytes(StandardCharsets.US_ASCII));
    }

    /** A valid authority of this publisher, signed by its key. */
    public Signed authority(String region, long version, List<String> prefixes) {
        return authority(
                key, publisher(), region, version, prefixes, Instant.now().plusSeconds(3600));
    }

    /** Serves {@code signed} at {@code /regions/<served>/authority.json} (whatever region it names). */
    public void serveAuthority(String served, Signed signed) {
        authorities.put(served, signed);
    }

    /** Lists {@code signed} in {@code GET /regions} as region {@code region}'s. */
    public void listRegion(String region, Signed signed) {
        listed.put(region, signed);
    }

    /** Names {@code ca} in discovery's {@code mirrorCredentials}, with its SHA-256 as given. */
    public void serveMirrorCa(X509Certificate ca, String sha256) {
        this.mirrorCa = ca;
        this.caSha256 = sha256;
    }

    /** Serves {@code list}, signed with the publisher key, at {@code /api/v1/revocation-list} from now on. */
    public synchronized void serveRevocationList(RevocationList list) {
        byte[] document = RevocationListCodec.encode(list);
        revocationList = new Signed(document, key.sign(document).getBytes(StandardCharsets.US_ASCII));
        revocationListVersion = list.version();
    }

    /** The signed requests that reached this master, oldest first. */
    public List<SignedArrival> signedArrivals() {
        return signedArrivals;
    }

    /** Writes a file, publishes a one-file snapshot of it (signed), and announces it in the feed. */
    public PublishedFile publish(Path dir, String mount, long version, byte[] content) throws Exception {
        Path file = dir.resolve("a.bin");
        Files.write(file, content);
        Metainfo torrent =
                TorrentBuilder.forFile(file).announce(url() + "/announce").build();
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        Snapshot snapshot = new Snapshot(
                OssnetName.parse("ossnet://" + publisher() + "/" + mount),
                version,
                created,
                created.plusSeconds(7 * 24 * 3600),
                Optional.empty(),
                List.of(new SnapshotFile(
                        RelativePath.parse("a.bin"),
                        content.length,
                        sha256,
                        torrent.info().pieceLength(),
                        torrent.infoHash().toHex())));
        byte[] document = SnapshotCodec.encode(snapshot);
        String base = "/collections/1/snapshots/" + version;
        documents.put(base + "/snapshot.json", document);
        documents.put(base + "/snapshot.json.asc", key.sign(document).getBytes(StandardCharsets.US_ASCII));
        documents.put(base + "/files/a.bin.torrent", torrent.toBytes());
        documents.put(
                "/ns/" + mount + "/a.bin",
                JSON.writeValueAsBytes(Map.of(
                        "type",
                        "file",
                        "name",
                        "a.bin",
                        "collection",
                        snapshot.collection().format(),
                        "version",
                        version,
                        "expires",
                        snapshot.expires().toString(),
                        "infoHash",
                        torrent.infoHash().toHex(),
                        "torrent",
                        url() + base + "/files/a.bin.torrent")));
        feed.add(new SnapshotEvent(
                feed.size() + 1,
                snapshot.collection().format(),
                version,
                URI.create(url() + base + "/snapshot.json"),
                URI.create(url() + base + "/snapshot.json.asc")));
        return new PublishedFile("/ns/" + mount + "/a.bin", base + "/files/a.bin.torrent", torrent);
    }

    /** Where a published file's documents are. */
    public record PublishedFile(String nsPath, String torrentPath, Metainfo torrent) {}

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!available.get()) {
                respond(exchange, 503, "application/problem+json", "{\"status\":503}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String signature = exchange.getRequestHeaders().getFirst("Ossnet-Mirror-Signature");
            if (signature != null) {
                signedArrivals.add(new SignedArrival(
                        path + (query == null ? "" : "?" + query),
                        exchange.getRequestHeaders().getFirst("Ossnet-Mirror-Certificate"),
                        signature));
                exchange.getResponseHeaders().add("Cache-Control", CREDENTIALED_CACHE_CONTROL);
                respond(exchange, 200, "application/json", CREDENTIALED_BODY.getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/.well-known/ossnet.json")) {
                Map<String, Object> discovery = new java.util.LinkedHashMap<>();
                discovery.put("publisher", publisher());
                X509Certificate ca = mirrorCa;
                if (ca != null) {
                    discovery.put(
                            "mirrorCredentials",
                            Map.of(
                                    "caCertificate",
                                    CredentialPem.certificate(ca),
                                    "caSha256",
                                    caSha256,
                                    "revocationList",
                                    url() + "/api/v1/revocation-list"));
                }
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(discovery));
            } else if (path.equals("/api/v1/revocation-list") || path.equals("/api/v1/revocation-list.asc")) {
                Signed list;
                long version;
                synchronized (this) {
                    list = revocationList;
                    version = revocationListVersion;
                }
                boolean wrongVersion = query != null && !query.equals("version=" + version);
                if (list == null || wrongVersion) {
                    respond(
                            exchange,
                            list == null ? 503 : 404,
                            "application/problem+json",
                            "{}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                exchange.getResponseHeaders().add("Ossnet-Revocation-List-Version", Long.toString(version));
                exchange.getResponseHeaders().add("Cache-Control", "no-store");
                boolean asc = path.endsWith(".asc");
                respond(
                        exchange,
                        200,
                        asc ? "application/pgp-signature" : "application/json",
                        asc ? list.signature() : list.document());
            } else if (path.startsWith("/api/v1/regions/") && path.endsWith("/membership")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String reportSignature = exchange.getRequestHeaders().getFirst("Ossnet-Signature");
                try {
                    new SignatureVerifier(List.of(tracker.publicKey()))
                            .verify(body, java.util.Base64.getDecoder().decode(reportSignature));
                } catch (Exception e) {
                    respond(exchange, 403, "application/problem+json", "{}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                reports.add(body);
                respond(exchange, 200, "application/json", membershipReply);
            } else if (path.equals("/regions")) {
                List<Map<String, Object>> regions = new ArrayList<>();
                listed.forEach((region, signed) -> {
                    documents.put("/listed/" + region + ".json", signed.document());
                    documents.put("/listed/" + region + ".json.asc", signed.signature());
                    regions.add(Map.of(
                            "region",
                            region,
                            "version",
                            1,
                            "authority",
                            url() + "/listed/" + region + ".json",
                            "signature",
                            url() + "/listed/" + region + ".json.asc"));
                });
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(Map.of("regions", regions)));
            } else if (path.startsWith("/regions/") && path.endsWith("/authority.json")) {
                Signed signed = authorities.get(path.split("/")[2]);
                if (signed == null) {
                    respond(exchange, 404, "application/problem+json", "{}".getBytes(StandardCharsets.UTF_8));
                } else {
                    exchange.getResponseHeaders().add("Ossnet-Authority-Version", "1");
                    respond(exchange, 200, "application/json", signed.document());
                }
            } else if (path.startsWith("/regions/") && path.endsWith("/authority.json.asc")) {
                Signed signed = authorities.get(path.split("/")[2]);
                respond(
                        exchange,
                        signed == null ? 404 : 200,
                        "application/pgp-signature",
                        signed == null ? new byte[0] : signed.signature());
            } else if (path.equals("/snapshots/feed")) {
                long after = Long.parseLong(query.replaceAll(".*after=(\\d+).*", "$1"));
                List<SnapshotEvent> events =
                        feed.stream().filter(e -> e.id() > after).toList();
                if (events.isEmpty()) {
                    sleep();
                }
                long next = events.isEmpty() ? after : events.getLast().id();
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(new SnapshotFeed(events, next)));
            } else {
                byte[] document = documents.get(path);
                String type = path.endsWith(".torrent")
                        ? "application/x-bittorrent"
                        : path.endsWith(".asc") ? "application/pgp-signature" : "application/json";
                if (path.startsWith("/ns/")) { // as the tracker answers names: briefly fresh, a 404 never kept
                    exchange.getResponseHeaders().add("Cache-Control", document == null ? "no-store" : NS_MAX_AGE);
                }
                respond(exchange, document == null ? 404 : 200, type, document == null ? new byte[0] : document);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
