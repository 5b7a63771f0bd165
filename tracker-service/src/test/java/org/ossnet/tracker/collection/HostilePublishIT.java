package org.ossnet.tracker.collection;

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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.tracker.TrackerUnderTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What a publisher's token could do to a collection or a swarm before the tracker refused it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class HostilePublishIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String ORIGIN = "http://origin.example.org/demo/";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tree;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    PublishRequest oneFile(String mount, Long version, String origin, String content) throws Exception {
        return request(
                tree.resolve(mount),
                APP.collection(mount),
                version,
                origin,
                null,
                Map.of("data.bin", content.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> raw(String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(APP.url().resolve("/api/v1/publish"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TrackerUnderTest.TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    long storedSnapshots() throws Exception {
        try (Connection connection = APP.database().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM snapshot")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static void assertRefused(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains(detail);
    }

    @Test
    void refusesAnInfoDictionaryWithBytesAfterItAndKeepsTheSwarmsTorrentWhole() throws Exception {
        PublishRequest honest = oneFile("poison", null, ORIGIN, "content shared by an honest publish");
        PublishedFile file = honest.files().getFirst();
        byte[] info = Base64.getDecoder().decode(file.info());
        byte[] poisoned = new byte[info.length + 6];
        System.arraycopy(info, 0, poisoned, 0, info.length);
        System.arraycopy("1:x1:y".getBytes(StandardCharsets.US_ASCII), 0, poisoned, info.length, 6);
        PublishRequest attack = new PublishRequest(
                honest.collection(),
                null,
                ORIGIN,
                null,
                List.of(new PublishedFile(
                        file.path(),
                        file.size(),
                        file.sha256(),
                        Base64.getEncoder().encodeToString(poisoned))));
        long before = storedSnapshots();

        assertRefused(publish(APP.url(), TrackerUnderTest.TOKEN, attack), 400, "files[0].info");
        assertThat(storedSnapshots()).isEqualTo(before);

        HttpResponse<String> published = publish(APP.url(), TrackerUnderTest.TOKEN, honest);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        NsEntry entry =
                JSON.readValue(get(APP.url().resolve("/ns/poison/data.bin")).body(), NsEntry.class);
        HttpResponse<byte[]> torrent = get(entry.torrent());
        assertThat(torrent.statusCode()).isEqualTo(200);
        assertThat(Metainfo.parse(torrent.body()).infoHash().toHex()).isEqualTo(entry.infoHash());
    }

    @Test
    void refusesNumbersThatAreNotIntegersDuplicateKeysAndUnknownMembers() throws Exception {
        PublishRequest valid = oneFile("strict", null, ORIGIN, "strictly read");
        String json = JSON.writeValueAsString(valid);
        String size = "\"size\":" + valid.files().getFirst().size();
        long before = storedSnapshots();
        Map<String, String> hostile = Map.of(
                "size as a string",
                        json.replace(
                                size, "\"size\":\"" + valid.files().getFirst().size() + "\""),
                "size as a fraction", json.replace(size, size + ".5"),
                "size in exponent form", json.replace(size, "\"size\":1.3e1"),
                "version as a fraction", json.replace("\"version\":null", "\"version\":1.5"),
                "a second collection key",
                        json.replace(
                                "{\"collection\":",
                                "{\"collection\":\"ossnet://127.0.0.1:" + APP.port() + "/elsewhere\",\"collection\":"),
                "a misspelt embargo",
                        json.replace("\"embargoUntil\":null", "\"embargo_until\":\"2999-01-01T00:00:00Z\""),
                "trailing garbage", json + "{}");
        for (Map.Entry<String, String> body : hostile.entrySet()) {
            assertThat(body.getValue()).as(body.getKey()).isNotEqualTo(json);
            HttpResponse<String> response = raw(body.getValue());
            assertThat(response.statusCode())
                    .as(body.getKey() + ": " + response.body())
                    .isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(storedSnapshots()).isEqualTo(before);
        assertThat(raw(json).statusCode()).isEqualTo(201);
    }

    @Test
    void boundsHowFarOnePublishMovesTheVersionSoTheCollectionCanAlwaysBeResigned() throws Exception {
        assertRefused(
                publish(APP.url(), TrackerUnderTest.TOKEN, oneFile("ceiling", (1L << 53) - 1, ORIGIN, "a")),
                400,
                "version: 9007199254740991 is more than 4294967296 ahead");
        assertRefused(
                publish(APP.url(), TrackerUnderTest.TOKEN, oneFile("ceiling", (1L << 32) + 1, ORIGIN, "a")),
                400,
                "ahead of the current version 0");
        HttpResponse<String> dated =
                publish(APP.url(), TrackerUnderTest.TOKEN, oneFile("ceiling", 2026120201L, ORIGIN, "a"));
        assertThat(dated.statusCode()).as(dated.body()).isEqualTo(201);
    }

    @Test
    void refusesCredentialsInTheOriginUrl() throws Exception {
        assertRefused(
                publish(
                        APP.url(),
                        TrackerUnderTest.TOKEN,
                        oneFile("creds", null, "http://u:p@origin.example.org/", "a")),
                400,
                "originUrl: must be an absolute http(s) URL without user information");
    }

    @Test
    void keepsTheOriginAnOlderVersionsTorrentWasServedWith() throws Exception {
        String mount = "moved";
        PublishResponse first = JSON.readValue(
                publish(APP.url(), TrackerUnderTest.TOKEN, oneFile(mount, null, ORIGIN, "v1"))
                        .body(),
                PublishResponse.class);
        URI v1Torrent = JSON.readValue(
                        get(APP.url().resolve("/ns/moved/data.bin")).body(), NsEntry.class)
                .torrent();
        HttpResponse<String> second = publish(
                APP.url(), TrackerUnderTest.TOKEN, oneFile(mount, null, "http://new-origin.example.org/", "v2"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);

        assertThat(first.version()).isEqualTo(1);
        assertThat(Metainfo.parse(get(v1Torrent).body()).webSeeds()).containsExactly(ORIGIN + "data.bin");
        URI v2Torrent = JSON.readValue(
                        get(APP.url().resolve("/ns/moved/data.bin")).body(), NsEntry.class)
                .torrent();
        assertThat(Metainfo.parse(get(v2Torrent).body()).webSeeds())
                .containsExactly("http://new-origin.example.org/data.bin");
    }

    @Test
    void answersEveryHostileNameWithProblemJsonNever500() throws Exception {
        publish(APP.url(), TrackerUnderTest.TOKEN, oneFile("names", null, ORIGIN, "named"));
        java.util.Random random = new java.util.Random(20261202);
        List<String> paths = new java.util.ArrayList<>(List.of(
                "/ns/names/" + "a".repeat(4096),
                "/ns/names/" + "a/".repeat(3000),
                "/ns/names/" + "%C3%A9".repeat(1500),
                "/ns/names/a%2Fb",
                "/ns/names/a%00b",
                "/ns/names/a%5cb",
                "/ns/names/a%ZZb",
                "/ns/names/a%",
                "/ns/names/%2e%2e/%2e%2e/etc/passwd",
                "/ns/names/..;/x",
                "/ns/names/%E2%80%AEgpj.exe",
                "/ns/names/%EF%BC%8Fx",
                "/ns/%FF%FE",
                "/ns/" + "x".repeat(8000)));
        String alphabet = "aZ09-._~/%;:@!$&'()*+,=";
        for (int i = 0; i < 150; i++) {
            StringBuilder path = new StringBuilder("/ns/names/");
            int length = 1 + random.nextInt(i % 10 == 0 ? 6000 : 60);
            for (int j = 0; j < length; j++) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            paths.add(path.toString());
        }
        for (String path : paths) {
            Reply response = rawGet(path);
            String shown = path.length() > 80 ? path.substring(0, 80) + "…(" + path.length() + ")" : path;
            assertThat(response.statusCode())
                    .as(shown + " → " + response.body())
                    .isLessThan(500);
            if (response.statusCode() >= 400) {
                assertThat(response.contentType())
                        .as(shown + " → " + response.body())
                        .startsWith("application/problem+json");
            }
        }
    }

    @Test
    void answersEveryMutatedPublishBodyWithoutA500AndStoresNothingItRefuses() throws Exception {
        String json = JSON.writeValueAsString(oneFile("fuzzed", null, ORIGIN, "fuzzed content"));
        java.util.Random random = new java.util.Random(2026);
        String[] values = {
            "null",
            "true",
            "-1",
            "0",
            "1e400",
            "9223372036854775808",
            "\"\"",
            "\"\\u0000\"",
            "[]",
            "{}",
            "\"../../etc/passwd\"",
            "\"x/\\u202Egpj\"",
            "[[[[[[[[[[]]]]]]]]]]",
            "\"" + "a".repeat(5000) + "\""
        };
        for (int i = 0; i < 200; i++) {
            String body = mutate(json, random, values);
            long before = storedSnapshots();
            HttpResponse<String> response = raw(body);
            String shown = body.length() > 200 ? body.substring(0, 200) + "…" : body;
            assertThat(response.statusCode())
                    .as(shown + " → " + response.body())
                    .isLessThan(500);
            if (response.statusCode() != 201) {
                assertThat(response.headers().firstValue("Content-Type"))
                        .as(shown)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(storedSnapshots()).as(shown).isEqualTo(before);
            }
        }
    }

    /** One random change: a value replaced, a span cut out or duplicated, or the body cut short. */
    static String mutate(String json, java.util.Random random, String[] values) {
        int at = random.nextInt(json.length());
        return switch (random.nextInt(4)) {
            case 0 -> {
                int colon = json.indexOf(':', at);
                if (colon < 0) {
                    yield json.substring(0, at);
                }
                int end = colon + 1;
                while (end < json.length() && ",}]".indexOf(json.charAt(end)) < 0) {
                    end++;
                }
                yield json.substring(0, colon + 1) + values[random.nextInt(values.length)] + json.substring(end);
            }
            case 1 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(20)));
            case 2 -> {
                int end = Math.min(json.length(), at + 1 + random.nextInt(40));
                yield json.substring(0, end) + json.substring(at, end) + json.substring(end);
            }
            default -> json.substring(0, at);
        };
    }

    /** A GET with the path exactly as given, through a socket: the JDK's client would refuse some of them. */
    record Reply(int statusCode, String contentType, String body) {}

    Reply rawGet(String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", APP.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(reply.substring(9, 12));
            int split = reply.indexOf("\r\n\r\n");
            String head = reply.substring(0, split);
            String type = head.lines()
                    .filter(line -> line.regionMatches(true, 0, "Content-Type:", 0, 13))
                    .map(line -> line.substring(13).trim())
                    .findFirst()
                    .orElse("");
            return new Reply(status, type, reply.substring(split + 4));
        }
    }
}
