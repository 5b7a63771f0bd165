package org.ossnet.tracker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.SignedRequest;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.TorrentBuilder;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A credentialed mirror's early access, over real HTTP against a real PostgreSQL with real certificates: requests
 * signed with its certificate's key see the embargoed collections its prefixes cover (and only those), with answers
 * no cache may keep; private announces need such a signature and cover only those swarms; the registry takes the
 * credential for a token; a replayed, forged, revoked or unsigned request gains nothing, and once the tracker's
 * revocation list has expired every signed request is refused until a fresh one arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class EarlyAccessIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String SIGNING_TOKEN = "tracker-token-for-the-fake-ca";
    static final FakeMirrorCa CA = FakeMirrorCa.of(APP, SIGNING_TOKEN);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Instant RELEASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));

    static final KeyPair FIRST_KEYS = MirrorCertificateProfile.generateKeyPair();
    static final KeyPair SECOND_KEYS = MirrorCertificateProfile.generateKeyPair();

    @TempDir
    static Path tree;

    static long earlyId;
    static InfoHash earlySwarm;
    static InfoHash otherSwarm;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        CA.register(registry);
        registry.add("ossnet.tracker.credentials.revocation-refresh", () -> "200ms");
        registry.add("ossnet.tracker.swarm-refresh", () -> "100ms");
        registry.add("ossnet.tracker.mirrors.allow-private-addresses", () -> "true");
    }

    /** Once, in the first test: the application starts with the first test instance, after any {@code @BeforeAll}. */
    @BeforeEach
    void publishTwoEmbargoedCollections() throws Exception {
        if (earlySwarm != null) {
            return;
        }
        Await.until(
                () -> JSON.readTree(get("/.well-known/ossnet.json", Map.of()).body())
                        .path("mirrorCredentials")
                        .isObject(),
                Duration.ofSeconds(15));
        PublishResponse early = publish("early/os", 1);
        earlyId = Long.parseLong(early.snapshot().getRawPath().split("/")[2]);
        earlySwarm = swarm("early/os");
        publish("other/os", 2);
        otherSwarm = swarm("other/os");
    }

    @AfterAll
    static void stop() {
        CA.close();
        APP.close();
    }

    @Test
    void aCredentialCoveringTheCollectionSeesItEarlyAndNothingElse() throws Exception {
        Mirror first = mirror(FIRST_KEYS, "first.example.edu", "early/");

        assertThat(get("/ns/early/os/", Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<String> listing = first.get("/ns/early/os/");
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        assertThat(listing.headers().firstValue("Cache-Control")).hasValue("no-store, private");
        assertThat(JSON.readValue(listing.body(), NsEntry.class).version()).isEqualTo(1);
        String snapshot = "/collections/" + earlyId + "/snapshots/1/snapshot.json";
        for (String path : List.of(
                snapshot, snapshot + ".asc", "/collections/" + earlyId + "/snapshots/1/files/iso/big.iso.torrent")) {
            HttpResponse<String> early = first.get(path);
            assertThat(early.statusCode()).as(path + ": " + early.body()).isEqualTo(200);
            assertThat(early.headers().firstValue("Cache-Control")).as(path).hasValue("no-store, private");
            assertThat(get(path, Map.of()).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(first.get("/ns/other/os/").statusCode())
                .as("a collection outside the credential's prefixes stays hidden")
                .isEqualTo(404);
        assertThat(first.get("/ns/early/").statusCode())
                .as("no listing above a mount, credentialed or not")
                .isEqualTo(404);
    }

    @Test
    void privateAnnouncesNeedACoveringCredentialAndStayApartFromPublicOnes() throws Exception {
        Mirror first = mirror(FIRST_KEYS, "first.example.edu", "early/");
        Mirror second = mirror(SECOND_KEYS, "second.example.edu", "early/os/");

        assertThat(text(get(announce(earlySwarm, 1), Map.of()))).contains("private swarms need a mirror credential");
        // The swarm is held apart from the next swarm refresh (every 100 ms here) on.
        Await.until(
                () -> !text(first.get(announce(earlySwarm, 1))).contains("failure reason"),
                Duration.ofSeconds(10),
                () -> "the private swarm is not announceable");
        String handedToSecond = text(second.get(announce(earlySwarm, 2)));
        assertThat(handedToSecond).doesNotContain("failure reason").contains("complete");
        assertThat(peerCount(handedToSecond)).as(handedToSecond).isEqualTo(1);
        assertThat(text(first.get(announce(otherSwarm, 1))))
                .as("a swarm the credential does not cover answers as one that does not exist")
                .isEqualTo("d14:failure reason13:unknown swarme");
        assertThat(text(get("/announce" + announce(earlySwarm, 3).substring("/private/announce".length()), Map.of())))
                .as("the public tracker knows nothing of the private swarm")
                .isEqualTo("d14:failure reason13:unknown swarme");
    }

    @Test
    void aSignedRequestIsAcceptedOnceAndOnlyAsSigned() throws Exception {
        Mirror first = mirror(FIRST_KEYS, "first.example.edu", "early/");
        Map<String, String> headers = first.sign("GET", "/ns/early/os/", new byte[0]);
        assertThat(get("/ns/early/os/", headers).statusCode()).isEqualTo(200);

        HttpResponse<String> replayed = get("/ns/early/os/", headers);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(replayed.body()).path("reason").asString()).isEqualTo("replayed");

        Map<String, String> elsewhere = first.sign("GET", "/ns/early/os/README.txt", new byte[0]);
        HttpResponse<String> moved = get("/ns/early/os/", elsewhere);
        assertThat(moved.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(moved.body()).path("reason").asString()).isEqualTo("bad_signature");

        X509Certificate selfSigned = MirrorCertificateProfile.caCertificate(
                FIRST_KEYS, APP.url().getAuthority(), Instant.now().minusSeconds(60), RELEASE);
        Map<String, String> forged = SignedRequest.sign(
                FIRST_KEYS.getPrivate(), selfSigned, "GET", "/ns/early/os/", new byte[0], Instant.now());
        HttpResponse<String> refused = get("/ns/early/os/", forged);
        assertThat(refused.statusCode()).isEqualTo(401);
        Map<String, String> forgedElsewhere = SignedRequest.sign(
                FIRST_KEYS.getPrivate(), selfSigned, "GET", "/ns/absent/os/", new byte[0], Instant.now());
        assertThat(refused.body())
                .as("the refusal says nothing of what is at the path")
                .isEqualTo(get("/ns/absent/os/", forgedElsewhere).body().replace("absent/os", "early/os"));
    }

    @Test
    void expiredNotYetValidAndWrongCaCertificatesAreRefusedWithTheirReasonAndNothingMore() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        MirrorGrant grant = new MirrorGrant("lapsed.example.edu", List.of(OssnetName.parse(APP.collection("early/"))));
        KeyPair otherCaKeys = MirrorCertificateProfile.generateKeyPair();
        X509Certificate otherCa = MirrorCertificateProfile.caCertificate(
                otherCaKeys, APP.url().getAuthority(), now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        Map<String, X509Certificate> refused = Map.of(
                "expired",
                CA.issue(keys.getPublic(), grant, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))),
                "not_yet_valid",
                CA.issue(keys.getPublic(), grant, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))),
                "not_signed_by_ca",
                MirrorCertificateProfile.mirrorCertificate(
                        otherCa,
                        otherCaKeys.getPrivate(),
                        keys.getPublic(),
                        new org.ossnet.core.credential.MirrorCredential(
                                grant, java.math.BigInteger.TEN, now.minusSeconds(60), now.plusSeconds(3600))));
        for (Map.Entry<String, X509Certificate> bad : refused.entrySet()) {
            Mirror mirror = new Mirror(keys, bad.getValue());
            HttpResponse<String> answer = mirror.get("/ns/early/os/");
            assertThat(answer.statusCode()).as(bad.getKey()).isEqualTo(401);
            assertThat(JSON.readTree(answer.body()).path("reason").asString())
                    .as(bad.getKey())
                    .isEqualTo(bad.getKey());
            // The same refusal for a path that never existed, but for the instant the server read its clock at.
            assertThat(withoutNow(answer.body().replace("early/os", "absent/os")))
                    .as("%s: the refusal says nothing of the path", bad.getKey())
                    .isEqualTo(withoutNow(mirror.get("/ns/absent/os/").body()));
            assertThat(text(mirror.get(announce(earlySwarm, 20))))
                    .contains("mirror credential refused (" + bad.getKey().replace('_', ' ') + ")");
        }
    }

    @Test
    void theRegistryTakesACredentialForAToken() throws Exception {
        Mirror first = mirror(FIRST_KEYS, "first.example.edu", "early/");
        MirrorRegistration registration = new MirrorRegistration(
                "credentialed mirror",
                URI.create("http://127.0.0.1:" + FreePorts.pick() + "/pub/"),
                List.of(new MirrorCollection(APP.collection("early/os"), List.of())),
                null);
        HttpResponse<String> registered = first.post("/api/v1/mirrors", JSON.writeValueAsBytes(registration));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(JSON.readTree(registered.body()).path("official").asBoolean())
                .isTrue();
    }

    @Test
    void aRevokedCredentialIsRefusedAtOnceAndAnExpiredListRefusesEverySignedRequest() throws Exception {
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        Mirror revoked = mirror(keys, "revoked.example.edu", "early/");
        Mirror other = mirror(MirrorCertificateProfile.generateKeyPair(), "kept.example.edu", "early/");
        // The tracker fetches its first revocation list in the background: a loaded CI box answered 503 until then.
        Await.until(
                () -> revoked.get("/ns/early/os/").statusCode() == 200,
                Duration.ofSeconds(15),
                () -> "the credential is not accepted before its revocation");

        HttpResponse<String> revocation = HTTP.send(
                HttpRequest.newBuilder(APP.url().resolve("/api/v1/mirrors/revoked.example.edu/revocation"))
                        .header("Authorization", "Bearer " + TrackerUnderTest.TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(200);
        HttpResponse<String> refused = revoked.get("/ns/early/os/");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("reason").asString()).isEqualTo("revoked");
        assertThat(text(revoked.get(announce(earlySwarm, 9)))).contains("mirror credential refused (revoked)");
        assertThat(other.get("/ns/early/os/").statusCode()).isEqualTo(200);

        // A list about to expire, then nothing fresher: the tracker's copy lapses and it fails closed.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RevocationList current = CA.currentList();
        CA.serve(new RevocationList(
                current.publisher(),
                current.version() + 1,
                now.minusSeconds(1),
                now.plusSeconds(3),
                current.entries()));
        Await.until(
                () -> other.get("/ns/early/os/").statusCode() == 503,
                Duration.ofSeconds(15),
                () -> "signed requests are still served after the list's expiry");
        HttpResponse<String> unavailable = other.get("/ns/early/os/");
        assertThat(JSON.readTree(unavailable.body()).path("reason").asString()).isEqualTo("revocation_list_expired");
        assertThat(text(other.get(announce(earlySwarm, 10)))).contains("revocation list expired");
        assertThat(get("/ns/early/os/", Map.of()).statusCode())
                .as("the public's view is unchanged")
                .isEqualTo(404);

        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CA.serve(new RevocationList(
                current.publisher(), current.version() + 2, later, later.plusSeconds(300), current.entries()));
        Await.until(() -> other.get("/ns/early/os/").statusCode() == 200, Duration.ofSeconds(15));
    }

    /** A mirror holding a certificate for {@code prefix} (under this tracker's publisher) and its key. */
    static Mirror mirror(KeyPair keys, String name, String prefix) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate certificate = CA.issue(
                keys.getPublic(),
                new MirrorGrant(name, List.of(OssnetName.parse(APP.collection(prefix)))),
                now.minusSeconds(60),
                now.plus(Duration.ofHours(1)));
        return new Mirror(keys, certificate);
    }

    record Mirror(KeyPair keys, X509Certificate certificate) {

        Map<String, String> sign(String method, String target, byte[] body) {
            return SignedRequest.sign(keys.getPrivate(), certificate, method, target, body, Instant.now());
        }

        HttpResponse<String> get(String target) {
            return EarlyAccessIT.get(target, sign("GET", target, new byte[0]));
        }

        HttpResponse<String> post(String target, byte[] body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(APP.url().resolve(target))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            sign("POST", target, body).forEach(request::header);
            return EarlyAccessIT.send(request);
        }
    }

    static HttpResponse<String> get(String target, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(APP.url() + target)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** Bencoded answers hold raw bytes: read as ISO-8859-1, one char per byte. */
    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String withoutNow(String refusal) {
        return refusal.replaceAll("\\(now [^)]*\\)", "(now)");
    }

    static String text(HttpResponse<String> response) {
        return response.body();
    }

    static String announce(InfoHash swarm, int peer) {
        return "/private/announce?info_hash=" + swarm.toPercentEncoded() + "&peer_id=-IT0001-"
                + String.format("%012d", peer) + "&port=" + (7000 + peer)
                + "&uploaded=0&downloaded=0&left=0&event=started&compact=1";
    }

    /** Peers in a compact answer: six bytes each in {@code 5:peers<n>:}. */
    static int peerCount(String bencoded) {
        int at = bencoded.indexOf("5:peers");
        String rest = bencoded.substring(at + "5:peers".length());
        return Integer.parseInt(rest.substring(0, rest.indexOf(':'))) / 6;
    }

    static PublishResponse publish(String mount, long seed) throws Exception {
        byte[] big = new byte[100_000];
        new Random(seed).nextBytes(big);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.txt", ("readme " + seed).getBytes(StandardCharsets.UTF_8));
        files.put("iso/big.iso", big);
        HttpResponse<String> response = Publications.publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                Publications.request(
                        tree.resolve(mount),
                        APP.collection(mount),
                        null,
                        "http://origin.example.org/" + mount + "/",
                        RELEASE,
                        files));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), PublishResponse.class);
    }

    static InfoHash swarm(String mount) throws Exception {
        Path file = tree.resolve(mount).resolve("iso/big.iso");
        assertThat(Files.exists(file)).isTrue();
        return TorrentBuilder.forFile(file).build().infoHash();
    }
}
