package org.ossnet.tracker.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;
import static org.ossnet.tracker.collection.Publications.get;
import static org.ossnet.tracker.collection.Publications.publish;
import static org.ossnet.tracker.collection.Publications.request;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.ossnet.testsupport.FreePorts;
import org.ossnet.tracker.TrackerApplication;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two replicas of the tracker on one database, as behind a load balancer: what one publishes, and the mirrors a check
 * on one lists, the other names too, soon after, although each keeps what it read of the catalogue and the mirror
 * listing (the test's replica is {@link #APP}; the other is started beside it). The replica that made a change names it
 * at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ReplicasIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();

    /** Far more than a replica takes to read again what it kept, yet bounded. */
    static final Duration SOON = Duration.ofSeconds(15);

    @TempDir
    Path tree;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.mirrors.check-timeout", () -> "3s");
        registry.add("ossnet.tracker.mirrors.allow-private-addresses", () -> "true");
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    /** The other replica: the same database, signer, public URL and token, its own ports. */
    static ConfigurableApplicationContext otherReplica(int port) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties((name, value) -> properties.put(name, value.get()));
        properties.put("server.port", port);
        properties.put("ossnet.tracker.announce.port", FreePorts.pick());
        List<String> arguments = new ArrayList<>();
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(TrackerApplication.class).run(arguments.toArray(String[]::new));
    }

    @Test
    void whatOneReplicaPublishesAndListsTheOtherNamesSoonAndItselfAtOnce() throws Exception {
        int port = FreePorts.pick();
        URI other = URI.create("http://127.0.0.1:" + port);
        String mount = "replicas/os";
        String file = "/ns/" + mount + "/pkg/app.rpm";
        try (ConfigurableApplicationContext replica = otherReplica(port);
                FakeMirror mirror = new FakeMirror()) {
            // Both replicas read (and keep) the catalogue without the collection.
            assertThat(status(APP.url(), file)).isEqualTo(404);
            assertThat(status(other, file)).isEqualTo(404);

            PublishResponse v1 = published(other, mount, 1);
            assertThat(entry(other, file).version())
                    .as("the publishing replica, at once")
                    .isEqualTo(1);
            Await.until(() -> status(APP.url(), file) == 200, SOON, () -> "the other replica never named version 1");
            assertThat(entry(APP.url(), file).version()).isEqualTo(1);

            published(other, mount, 2);
            assertThat(entry(other, file).version()).isEqualTo(2);
            Await.until(
                    () -> entry(APP.url(), file).version() == 2, SOON, () -> "the other replica never named version 2");

            // A mirror holding version 2, registered and checked through the other replica.
            Map<String, byte[]> files = files(2);
            files.forEach((path, content) -> mirror.put(mount + "/" + path, content));
            mirror.put(
                    mount + "/.ossnet/snapshot.json",
                    get(APP.url().resolve("/collections/" + collectionId(v1) + "/snapshots/2/snapshot.json"))
                            .body());
            String fileUrl = mirror.baseUrl() + mount + "/pkg/app.rpm";
            assertThat(webSeeds(APP.url(), file)).doesNotContain(fileUrl);
            assertThat(webSeeds(other, file)).doesNotContain(fileUrl);
            MirrorRegistered registered = registered(other, mirror, mount);
            HttpResponse<String> claimed = Publications.send(
                    other,
                    "PUT",
                    "/api/v1/mirrors/" + registered.id() + "/holdings",
                    registered.reportToken(),
                    new MirrorHolding(APP.collection(mount), 2));
            assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(202);
            // The check runs on the replica that took the claim; once it lists the mirror, so does the other.
            Await.until(() -> webSeeds(other, file).contains(fileUrl), SOON, () -> "the check never listed the mirror");
            Await.until(
                    () -> webSeeds(APP.url(), file).contains(fileUrl),
                    SOON,
                    () -> "the other replica never named the mirror");
        }
    }

    private PublishResponse published(URI replica, String mount, int version) throws Exception {
        HttpResponse<String> response = publish(
                replica,
                TrackerUnderTest.TOKEN,
                request(tree.resolve("v" + version), APP.collection(mount), null, null, null, files(version)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        PublishResponse published = JSON.readValue(response.body(), PublishResponse.class);
        assertThat(published.version()).isEqualTo(version);
        return published;
    }

    private static Map<String, byte[]> files(int version) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("pkg/app.rpm", ("app version " + version).getBytes(StandardCharsets.UTF_8));
        files.put("README", "unchanged".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static long collectionId(PublishResponse published) {
        String path = published.snapshot().getPath(); // /collections/<id>/snapshots/<version>/snapshot.json
        return Long.parseLong(path.split("/")[2]);
    }

    private static MirrorRegistered registered(URI replica, FakeMirror mirror, String mount) throws Exception {
        MirrorRegistration registration = new MirrorRegistration(
                "replicated mirror",
                mirror.baseUrl(),
                List.of(new MirrorCollection(APP.collection(mount), List.of())),
                1_000_000L);
        HttpResponse<String> response = Publications.send(replica, "POST", "/api/v1/mirrors", null, registration);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), MirrorRegistered.class);
    }

    private static int status(URI replica, String path) {
        try {
            return get(replica.resolve(path)).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static NsEntry entry(URI replica, String path) {
        try {
            HttpResponse<byte[]> response = get(replica.resolve(path));
            assertThat(response.statusCode())
                    .as(new String(response.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            return JSON.readValue(response.body(), NsEntry.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The web seeds of the file's torrent as {@code replica} hands it out (its link is the public URL's path). */
    private static List<String> webSeeds(URI replica, String path) {
        try {
            URI torrent = entry(replica, path).torrent();
            return Metainfo.parse(get(replica.resolve(torrent.getRawPath())).body())
                    .webSeeds();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
