package org.ossnet.tracker.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;
import static org.ossnet.tracker.collection.Publications.get;
import static org.ossnet.tracker.collection.Publications.publish;
import static org.ossnet.tracker.collection.Publications.request;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.tracker.TrackerUnderTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PublishIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String ORIGIN = "http://origin.example.org/demo/";

    @TempDir
    Path tree;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.max-files", () -> 100);
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    static String collection(String mount) {
        return "ossnet://127.0.0.1:" + APP.port() + "/" + mount;
    }

    static Map<String, byte[]> files(long seed) {
        Random random = new Random(seed);
        byte[] big = new byte[300_000];
        random.nextBytes(big);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.txt", ("hello " + seed).getBytes(StandardCharsets.UTF_8));
        files.put("iso/big image.iso", big);
        files.put("empty", new byte[0]);
        return files;
    }

    PublishResponse published(PublishRequest request) throws Exception {
        HttpResponse<String> response = publish(APP.url(), TrackerUnderTest.TOKEN, request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), PublishResponse.class);
    }

    NsEntry ns(String path) throws Exception {
        HttpResponse<byte[]> response = get(APP.url().resolve("/ns/" + path));
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return JSON.readValue(response.body(), NsEntry.class);
    }

    @Test
    void publishesASignedSnapshotThatResolvesWithLinksToEverythingAClientNeeds() throws Exception {
        Map<String, byte[]> files = files(1);
        PublishResponse response = published(request(tree, collection("pub/demo"), null, ORIGIN, null, files));
        assertThat(response.version()).isEqualTo(1);
        assertThat(response.files()).isEqualTo(3);

        NsEntry root = ns("pub/demo/");
        assertThat(root.type()).isEqualTo(NsEntry.DIRECTORY);
        assertThat(root.entries()).extracting(e -> e.name()).containsExactly("README.txt", "empty", "iso/");

        NsEntry file = ns("pub/demo/iso/big%20image.iso");
        assertThat(file.type()).isEqualTo(NsEntry.FILE);
        assertThat(file.size()).isEqualTo(300_000);
        assertThat(file.sha256()).isEqualTo(Publications.sha256(files.get("iso/big image.iso")));
        assertThat(file.snapshot()).isEqualTo(response.snapshot());

        byte[] document = get(file.snapshot()).body();
        byte[] signature = get(file.signature()).body();
        new SignatureVerifier(List.of(APP.signing().key().publicKey())).verify(document, signature);
        Snapshot snapshot = SnapshotCodec.decode(document, SnapshotLimits.DEFAULTS);
        assertThat(snapshot.version()).isEqualTo(1);
        assertThat(snapshot.collection().format()).isEqualTo(collection("pub/demo"));
        assertThat(snapshot.files()).hasSize(3);

        Metainfo torrent = Metainfo.parse(get(file.torrent()).body());
        assertThat(torrent.infoHash().toHex()).isEqualTo(file.infoHash());
        assertThat(torrent.webSeeds()).containsExactly(ORIGIN + "iso/big%20image.iso");
        assertThat(torrent.announce()).contains(APP.announceListenerUrl() + "/announce");
        assertThat(file.magnet()).startsWith("magnet:?xt=urn:btih:" + file.infoHash());

        String metalink = new String(get(file.metalink()).body(), StandardCharsets.UTF_8);
        assertThat(metalink)
                .contains("<hash type=\"sha-256\">" + file.sha256() + "</hash>")
                .contains("<url priority=\"3\">" + ORIGIN + "iso/big%20image.iso</url>")
                .contains(file.torrent().toString());

        NsEntry empty = ns("pub/demo/empty");
        assertThat(empty.size()).isZero();
        assertThat(empty.infoHash()).isNull();
        assertThat(empty.torrent()).isNull();
    }

    @Test
    void keepsOlderVersionsReachableAndRefusesAVersionThatIsNotNewer() throws Exception {
        PublishResponse first = published(request(tree, collection("versions"), null, ORIGIN, null, files(2)));
        PublishResponse second = published(request(tree, collection("versions"), 5L, ORIGIN, null, files(3)));
        assertThat(second.version()).isEqualTo(5);

        HttpResponse<String> replay = publish(
                APP.url(), TrackerUnderTest.TOKEN, request(tree, collection("versions"), 5L, ORIGIN, null, files(4)));
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(replay.body()).contains("not newer than the current version 5");

        assertThat(ns("versions/").version()).isEqualTo(5);
        assertThat(get(first.snapshot()).statusCode()).isEqualTo(200);
        assertThat(SnapshotCodec.decode(get(first.snapshot()).body(), SnapshotLimits.DEFAULTS)
                        .version())
                .isEqualTo(1);
    }

    @Test
    void answers503WhenSigningIsDownAndKeepsServingThePreviousSnapshot() throws Exception {
        published(request(tree, collection("outage"), null, ORIGIN, null, files(5)));
        APP.signing().setAvailable(false);
        try {
            HttpResponse<String> refused = publish(
                    APP.url(),
                    TrackerUnderTest.TOKEN,
                    request(tree, collection("outage"), null, ORIGIN, null, files(6)));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("previous snapshot keeps serving");
        } finally {
            APP.signing().setAvailable(true);
        }
        assertThat(ns("outage/").version()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM snapshot s JOIN collection c ON c.id = s.collection_id"
                        + " WHERE c.mount_path = 'outage'"))
                .isEqualTo(1);
    }

    @Test
    void refusesBadSubmissionsWithProblemJsonNamingTheEntry() throws Exception {
        PublishRequest good = request(tree, collection("bad"), null, ORIGIN, null, files(7));
        PublishedFile first = good.files().get(0);
        Map<String, List<PublishedFile>> cases = Map.of(
                "files[1].path: 'README.txt' is listed twice", List.of(first, first),
                "files[0].path", List.of(new PublishedFile("../etc/passwd", 1, first.sha256(), first.info())),
                "files[0].sha256", List.of(new PublishedFile("a", first.size(), "ABC", first.info())),
                "files[0].size", List.of(new PublishedFile("a", -1, first.sha256(), first.info())),
                "files[0].info: describes", List.of(new PublishedFile("README.txt", 99, first.sha256(), first.info())),
                "files[0].info: not base64", List.of(new PublishedFile("README.txt", 7, first.sha256(), "%%%")),
                "files[1].path: 'README.txt/README.txt' lies under 'README.txt', which is a file (files[0])",
                        List.of(first, at("README.txt/README.txt", first)),
                "files[1].path: 'DOCS/README.txt' differs only in case from 'docs/README.txt' (files[0])",
                        List.of(at("docs/README.txt", first), at("DOCS/README.txt", first)),
                "segment 1 contains bidirectional control U+202E", List.of(at("txt.\u202eexe/README.txt", first)),
                "segment 1 is not in Unicode NFC", List.of(at("cafe\u0301/README.txt", first)));
        for (Map.Entry<String, List<PublishedFile>> bad : cases.entrySet()) {
            HttpResponse<String> response = publish(
                    APP.url(),
                    TrackerUnderTest.TOKEN,
                    new PublishRequest(good.collection(), null, ORIGIN, null, bad.getValue()));
            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).as(bad.getKey()).contains(bad.getKey());
        }
        HttpResponse<String> foreign = publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                new PublishRequest("ossnet://other.example.org/x", null, ORIGIN, null, good.files()));
        assertThat(foreign.body()).contains("this tracker serves publisher 127.0.0.1:" + APP.port());
        HttpResponse<String> tooMany = publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                new PublishRequest(good.collection(), null, ORIGIN, null, java.util.Collections.nCopies(101, first)));
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(count("SELECT count(*) FROM collection WHERE mount_path = 'bad'"))
                .isZero();
    }

    /** {@code file} at another path (its info dictionary names the same file, so the path must end the same). */
    static PublishedFile at(String path, PublishedFile file) {
        return new PublishedFile(path, file.size(), file.sha256(), file.info());
    }

    @Test
    void refusesMountsThatWouldNest() throws Exception {
        published(request(tree, collection("fedora/45"), null, ORIGIN, null, files(8)));
        for (String nested : List.of("fedora", "fedora/45/Everything")) {
            HttpResponse<String> response = publish(
                    APP.url(), TrackerUnderTest.TOKEN, request(tree, collection(nested), null, ORIGIN, null, files(9)));
            assertThat(response.statusCode()).as(nested).isEqualTo(409);
            assertThat(response.body()).contains("mounts never nest");
        }
        assertThat(ns("fedora/45/README.txt").collection()).isEqualTo(collection("fedora/45"));
    }

    @Test
    void refusesPublishingWithoutAPublisherToken() throws Exception {
        PublishRequest request = request(tree, collection("auth"), null, ORIGIN, null, files(10));
        assertThat(publish(APP.url(), null, request).statusCode()).isEqualTo(401);
        assertThat(publish(APP.url(), "wrong", request).statusCode()).isEqualTo(401);
        try (Connection connection = APP.database().connect();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO api_token (name, role, token_sha256) VALUES ('stats', 'service',"
                    + " sha256('a-service-token'::bytea))");
        }
        HttpResponse<String> forbidden = publish(APP.url(), "a-service-token", request);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void hidesAnEmbargoedCollectionUntilItsReleaseTime() throws Exception {
        PublishResponse response = published(
                request(tree, collection("secret"), null, ORIGIN, Instant.now().plusSeconds(3600), files(11)));
        assertThat(get(APP.url().resolve("/ns/secret/")).statusCode()).isEqualTo(404);
        assertThat(get(response.snapshot()).statusCode()).isEqualTo(404);
        assertThat(get(response.signature()).statusCode()).isEqualTo(404);
    }

    @Test
    void answersUnknownNamesWith404AndMalformedOnesWith400() throws Exception {
        assertThat(get(APP.url().resolve("/ns/no/such/collection")).statusCode())
                .isEqualTo(404);
        published(request(tree, collection("known"), null, ORIGIN, null, files(12)));
        assertThat(get(APP.url().resolve("/ns/known/missing.txt")).statusCode()).isEqualTo(404);
        assertThat(get(APP.url().resolve("/ns/known/%2e%2e/x")).statusCode()).isEqualTo(400);
    }

    @Test
    void publishesTheSigningKeysInDiscovery() throws Exception {
        Discovery discovery = JSON.readValue(
                get(APP.url().resolve("/.well-known/ossnet.json")).body(), Discovery.class);
        assertThat(discovery.publisher()).isEqualTo("127.0.0.1:" + APP.port());
        assertThat(discovery.ns()).isEqualTo(URI.create(APP.url() + "/ns/"));
        assertThat(discovery.publisherKeys()).singleElement().satisfies(key -> {
            assertThat(key.fingerprint()).isEqualTo(APP.signing().key().fingerprint());
            assertThat(key.armored()).contains("BEGIN PGP PUBLIC KEY BLOCK");
            assertThat(key.active()).isTrue();
        });
    }

    static long count(String sql) throws Exception {
        try (Connection connection = APP.database().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
