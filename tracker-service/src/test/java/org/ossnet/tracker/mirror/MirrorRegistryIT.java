package org.ossnet.tracker.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;
import static org.ossnet.tracker.collection.Publications.get;
import static org.ossnet.tracker.collection.Publications.publish;
import static org.ossnet.tracker.collection.Publications.request;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.api.MirrorRegistered;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.service.auth.TokenDigest;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MirrorRegistryIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String MIRROR_TOKEN = "mirror-token-0123456789abcdef0123456789";

    @TempDir
    Path tree;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.mirrors.check-timeout", () -> "3s");
        // The fake mirrors listen on loopback.
        registry.add("ossnet.tracker.mirrors.allow-private-addresses", () -> "true");
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    static Map<String, byte[]> v1() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("stable.txt", "unchanged in every version".getBytes(StandardCharsets.UTF_8));
        files.put("pkg/app.rpm", "app version 1".getBytes(StandardCharsets.UTF_8));
        files.put("debug/app-debug.rpm", "debug 1".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static Map<String, byte[]> v2() {
        Map<String, byte[]> files = v1();
        files.put("pkg/app.rpm", "app version 2, longer".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    PublishResponse published(String mount, Map<String, byte[]> files) throws Exception {
        HttpResponse<String> response = publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                request(tree.resolve("v" + System.nanoTime()), APP.collection(mount), null, null, null, files));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), PublishResponse.class);
    }

    /** Puts a version's tree on the mirror as the daemon would: data first, the snapshot document last. */
    static void serve(FakeMirror mirror, String mount, PublishResponse version, Map<String, byte[]> files)
            throws Exception {
        files.forEach((path, content) -> mirror.put(mount + "/" + path, content));
        mirror.put(mount + "/.ossnet/snapshot.json", get(version.snapshot()).body());
    }

    static HttpResponse<String> send(String method, String path, String token, Object body) throws Exception {
        return Publications.send(APP.url(), method, path, token, body);
    }

    static MirrorRegistration registration(FakeMirror mirror, String mount, List<String> rules) {
        return new MirrorRegistration(
                "test mirror",
                mirror.baseUrl(),
                List.of(new MirrorCollection(APP.collection(mount), rules)),
                1_000_000L);
    }

    static MirrorRegistered registered(MirrorRegistration registration, String token) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/mirrors", token, registration);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), MirrorRegistered.class);
    }

    static void claim(MirrorRegistered mirror, String mount, long version) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(mirror.holdings())
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + mirror.reportToken())
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(new MirrorHolding(APP.collection(mount), version))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    static JsonNode state(MirrorRegistered mirror) throws Exception {
        JsonNode page = JSON.readTree(
                send("GET", "/api/v1/mirrors", TrackerUnderTest.TOKEN, null).body());
        for (JsonNode node : page.get("mirrors")) {
            if (node.get("id").asLong() == mirror.id()) {
                return node;
            }
        }
        throw new AssertionError("mirror " + mirror.id() + " is not listed: " + page);
    }

    /** Waits until the check of the latest claim has ended, whatever its outcome. */
    static JsonNode checked(MirrorRegistered mirror, long version, int failuresBefore) throws Exception {
        Await.until(
                () -> {
                    try {
                        JsonNode held = state(mirror).get("collections").get(0);
                        JsonNode s = state(mirror);
                        return held.get("claimedVersion").asLong() == version
                                && !held.get("checkedAt").isNull()
                                && (held.get("verifiedVersion").asLong() == version
                                        || s.get("consecutiveFailures").asInt() > failuresBefore);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                Duration.ofSeconds(20));
        return state(mirror);
    }

    static List<String> webSeeds(String mount, String path) throws Exception {
        NsEntry entry = JSON.readValue(
                get(APP.url().resolve("/ns/" + mount + "/" + path)).body(), NsEntry.class);
        return Metainfo.parse(get(entry.torrent()).body()).webSeeds();
    }

    static String metalink(String mount, String path) throws Exception {
        NsEntry entry = JSON.readValue(
                get(APP.url().resolve("/ns/" + mount + "/" + path)).body(), NsEntry.class);
        return new String(get(entry.metalink()).body(), StandardCharsets.UTF_8);
    }

    static void issueMirrorToken() throws Exception {
        try (Connection db = APP.database().connect();
                PreparedStatement insert = db.prepareStatement("INSERT INTO api_token (name, role, token_sha256)"
                        + " VALUES ('mirror.example.org', 'mirror', ?) ON CONFLICT DO NOTHING")) {
            insert.setBytes(1, TokenDigest.sha256(MIRROR_TOKEN));
            insert.executeUpdate();
        }
    }

    @Test
    void registersOfficialMirrorsWithAMirrorTokenAndUnofficialOnesWithout() throws Exception {
        issueMirrorToken();
        try (FakeMirror official = new FakeMirror();
                FakeMirror unofficial = new FakeMirror()) {
            MirrorRegistered a = registered(registration(official, "reg/a", List.of()), MIRROR_TOKEN);
            MirrorRegistered b = registered(registration(unofficial, "reg/a", List.of()), null);
            assertThat(a.official()).isTrue();
            assertThat(b.official()).isFalse();
            assertThat(a.reportToken()).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(b.reportToken());
            assertThat(a.holdings()).isEqualTo(URI.create(APP.url() + "/api/v1/mirrors/" + a.id() + "/holdings"));
            assertThat(state(a).get("official").asBoolean()).isTrue();
            assertThat(state(b).get("uploadCap").asLong()).isEqualTo(1_000_000L);

            assertThat(send(
                                    "POST",
                                    "/api/v1/mirrors",
                                    TrackerUnderTest.TOKEN,
                                    registration(new FakeMirror(), "x/y", List.of()))
                            .statusCode())
                    .as("a publisher token is not a mirror token")
                    .isEqualTo(403);
            assertThat(send("POST", "/api/v1/mirrors", "no-such-token", registration(official, "x/y", List.of()))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send("GET", "/api/v1/mirrors", null, null).statusCode()).isEqualTo(401);
            assertThat(send("GET", "/api/v1/mirrors", a.reportToken(), null).statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void refusesInvalidRegistrationsNamingTheFieldAndADuplicateBaseUrl() throws Exception {
        try (FakeMirror mirror = new FakeMirror()) {
            String collection = APP.collection("val/a");
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put(
                    "baseUrl",
                    "{\"name\":\"m\",\"baseUrl\":\"http://127.0.0.1:1/no-slash\",\"collections\":[{\"collection\":\""
                            + collection + "\"}]}");
            bad.put(
                    "baseUrl ",
                    "{\"name\":\"m\",\"baseUrl\":\"http://u:p@127.0.0.1:1/\",\"collections\":[{\"collection\":\""
                            + collection + "\"}]}");
            bad.put(
                    "baseUrl  ",
                    "{\"name\":\"m\",\"baseUrl\":\"http://127.0.0.1:1/?q=1\",\"collections\":[{\"collection\":\""
                            + collection + "\"}]}");
            bad.put(
                    "baseUrl   ",
                    "{\"name\":\"m\",\"baseUrl\":\"ftp://127.0.0.1/\",\"collections\":[{\"collection\":\"" + collection
                            + "\"}]}");
            bad.put(
                    "collections[0].collection",
                    "{\"name\":\"m\",\"baseUrl\":\"http://127.0.0.1:1/\",\"collections\":"
                            + "[{\"collection\":\"ossnet://elsewhere.example.org/a\"}]}");
            bad.put(
                    "collections[0].rules[1]",
                    "{\"name\":\"m\",\"baseUrl\":\"http://127.0.0.1:1/\",\"collections\":" + "[{\"collection\":\""
                            + collection + "\",\"rules\":[\"- debug/\",\"- [abc\"]}]}");
            bad.put("collections", "{\"name\":\"m\",\"baseUrl\":\"http://127.0.0.1:1/\",\"collections\":[]}");
            bad.put(
                    "uploadCap",
                    "{\"name\":\"m\",\"baseUrl\":\"http://127.0.0.1:1/\",\"collections\":[{\"collection\":\""
                            + collection + "\"}],\"uploadCap\":0}");
            bad.put(
                    "name",
                    "{\"name\":\"\",\"baseUrl\":\"http://127.0.0.1:1/\",\"collections\":[{\"collection\":\""
                            + collection + "\"}]}");
            for (Map.Entry<String, String> entry : bad.entrySet()) {
                HttpResponse<String> response = send("POST", "/api/v1/mirrors", null, entry.getValue());
                assertThat(response.statusCode()).as(entry.getValue()).isEqualTo(400);
                assertThat(JSON.readTree(response.body()).get("field").asString())
                        .as(response.body())
                        .isEqualTo(entry.getKey().strip());
            }

            registered(registration(mirror, "val/a", List.of()), null);
            HttpResponse<String> again =
                    send("POST", "/api/v1/mirrors", null, registration(mirror, "val/a", List.of()));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        }
    }

    @Test
    void aReportTokenReportsOnlyItsOwnMirror() throws Exception {
        published("tok/a", v1());
        try (FakeMirror one = new FakeMirror();
                FakeMirror two = new FakeMirror()) {
            MirrorRegistered first = registered(registration(one, "tok/a", List.of()), null);
            MirrorRegistered second = registered(registration(two, "tok/a", List.of()), null);
            String body = JSON.writeValueAsString(new MirrorHolding(APP.collection("tok/a"), 1));
            assertThat(send("PUT", "/api/v1/mirrors/" + first.id() + "/holdings", null, body)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send("PUT", "/api/v1/mirrors/" + first.id() + "/holdings", second.reportToken(), body)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(send("PUT", "/api/v1/mirrors/" + first.id() + "/holdings", TrackerUnderTest.TOKEN, body)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(send("PUT", "/api/v1/mirrors/" + first.id() + "/holdings", first.reportToken(), body)
                            .statusCode())
                    .isEqualTo(202);
            String unknownVersion = JSON.writeValueAsString(new MirrorHolding(APP.collection("tok/a"), 9));
            assertThat(send("PUT", "/api/v1/mirrors/" + first.id() + "/holdings", first.reportToken(), unknownVersion)
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void anHonestMirrorIsListedAfterItsCheckInTorrentsAndMetalinks() throws Exception {
        issueMirrorToken();
        String mount = "honest/a";
        PublishResponse v1 = published(mount, v1());
        try (FakeMirror mirror = new FakeMirror()) {
            MirrorRegistered registered = registered(registration(mirror, mount, List.of("- debug/")), MIRROR_TOKEN);
            String fileUrl = mirror.baseUrl() + mount + "/pkg/app.rpm";
            assertThat(webSeeds(mount, "pkg/app.rpm")).doesNotContain(fileUrl);

            serve(mirror, mount, v1, v1());
            claim(registered, mount, 1);
            JsonNode state = checked(registered, 1, 0);
            assertThat(state.get("collections").get(0).get("verifiedVersion").asLong())
                    .as(state.toString())
                    .isEqualTo(1);

            assertThat(webSeeds(mount, "pkg/app.rpm")).containsExactly(fileUrl);
            assertThat(metalink(mount, "pkg/app.rpm")).contains("<url priority=\"1\">" + fileUrl + "</url>");
            assertThat(webSeeds(mount, "debug/app-debug.rpm"))
                    .as("excluded by its patterns")
                    .isEmpty();
        }
    }

    @Test
    void aMirrorServingTheNewDocumentButOldContentIsNotListedForTheNewVersion() throws Exception {
        String mount = "liar/a";
        PublishResponse v1 = published(mount, v1());
        try (FakeMirror mirror = new FakeMirror()) {
            MirrorRegistered registered = registered(registration(mirror, mount, List.of()), null);
            serve(mirror, mount, v1, v1());
            claim(registered, mount, 1);
            checked(registered, 1, 0);

            PublishResponse v2 = published(mount, v2());
            // The index switched, the data did not.
            mirror.put(mount + "/.ossnet/snapshot.json", get(v2.snapshot()).body());
            claim(registered, mount, 2);
            JsonNode state = checked(registered, 2, 0);
            JsonNode held = state.get("collections").get(0);
            assertThat(held.get("verifiedVersion").isNull())
                    .as(state.toString())
                    .isTrue();
            assertThat(held.get("lastFailure").asString()).contains("pkg/app.rpm");
            assertThat(webSeeds(mount, "pkg/app.rpm")).isEmpty();
            assertThat(metalink(mount, "pkg/app.rpm"))
                    .doesNotContain(mirror.baseUrl().toString());
        }
    }

    @Test
    void aMirrorAtTheOldVersionStaysListedForUnchangedFilesOnly() throws Exception {
        String mount = "behind/a";
        PublishResponse v1 = published(mount, v1());
        try (FakeMirror mirror = new FakeMirror()) {
            MirrorRegistered registered = registered(registration(mirror, mount, List.of()), null);
            serve(mirror, mount, v1, v1());
            claim(registered, mount, 1);
            checked(registered, 1, 0);

            published(mount, v2());
            assertThat(webSeeds(mount, "stable.txt")).containsExactly(mirror.baseUrl() + mount + "/stable.txt");
            assertThat(metalink(mount, "stable.txt")).contains(mirror.baseUrl() + mount + "/stable.txt");
            assertThat(webSeeds(mount, "pkg/app.rpm")).isEmpty();
            assertThat(metalink(mount, "pkg/app.rpm"))
                    .doesNotContain(mirror.baseUrl().toString());
        }
    }

    @Test
    void repeatedFailuresDelistAMirrorAndALaterPassRelistsIt() throws Exception {
        String mount = "flaky/a";
        PublishResponse v1 = published(mount, v1());
        try (FakeMirror mirror = new FakeMirror()) {
            MirrorRegistered registered = registered(registration(mirror, mount, List.of()), null);
            for (int failure = 0; failure < 3; failure++) {
                claim(registered, mount, 1);
                checked(registered, 1, failure);
            }
            JsonNode state = state(registered);
            assertThat(state.get("consecutiveFailures").asInt()).isEqualTo(3);
            assertThat(state.get("listed").asBoolean()).isFalse();

            serve(mirror, mount, v1, v1());
            claim(registered, mount, 1);
            state = checked(registered, 1, 3);
            assertThat(state.get("listed").asBoolean()).as(state.toString()).isTrue();
            assertThat(state.get("consecutiveFailures").asInt()).isZero();
            assertThat(webSeeds(mount, "stable.txt")).containsExactly(mirror.baseUrl() + mount + "/stable.txt");
        }
    }
}
