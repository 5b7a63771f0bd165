package org.ossnet.tracker.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;
import static org.ossnet.tracker.collection.Publications.get;
import static org.ossnet.tracker.collection.Publications.publish;
import static org.ossnet.tracker.collection.Publications.request;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.ossnet.testsupport.signing.SigningFixture;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class FreshnessIT {

    static final Database DATABASE = TestPostgres.freshDatabase("tracker");
    static final String TOKEN = "publisher-token-0123456789abcdef0123456789";
    static final SigningFixture SIGNING = SigningFixture.start("signing-token");
    static final int PORT = PublishIT.freePort();
    static final URI TRACKER = URI.create("http://127.0.0.1:" + PORT);

    @TempDir
    Path tree;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.registerAsDataSource(registry::add);
        registry.add("server.port", () -> PORT);
        registry.add("ossnet.tracker.public-url", TRACKER::toString);
        registry.add("ossnet.tracker.bootstrap-publisher-token", () -> TOKEN);
        registry.add("ossnet.tracker.signing-url", () -> SIGNING.url().toString());
        registry.add("ossnet.tracker.signing-token", () -> "signing-token");
        registry.add("ossnet.tracker.snapshot-validity", () -> "8s");
        registry.add("ossnet.tracker.resign-before", () -> "5s");
        registry.add("ossnet.tracker.freshness-interval", () -> "500ms");
    }

    @AfterAll
    static void stopSigning() {
        SIGNING.close();
    }

    @Test
    void reSignsTheLatestSnapshotAsANewVersionBeforeItExpires() throws Exception {
        var response = publish(
                TRACKER,
                TOKEN,
                request(tree, "ossnet://127.0.0.1:" + PORT + "/quiet", null, null, null, Map.of("a.txt", new byte[] {
                    1, 2
                })));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        PublishResponse first = JSON.readValue(response.body(), PublishResponse.class);

        NsEntry fresh = awaitVersionAbove(1, Duration.ofSeconds(30));

        assertThat(fresh.expires()).isAfter(first.expires());
        byte[] document = get(fresh.snapshot()).body();
        new SignatureVerifier(List.of(SIGNING.key().publicKey()))
                .verify(document, get(fresh.signature()).body());
        Snapshot resigned = SnapshotCodec.decode(document, SnapshotLimits.DEFAULTS);
        Snapshot original = SnapshotCodec.decode(get(first.snapshot()).body(), SnapshotLimits.DEFAULTS);
        assertThat(resigned.files()).isEqualTo(original.files());
        assertThat(resigned.isExpired(Instant.now())).isFalse();
    }

    NsEntry awaitVersionAbove(long version, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            NsEntry entry = JSON.readValue(get(TRACKER.resolve("/ns/quiet/")).body(), NsEntry.class);
            if (entry.version() > version) {
                return entry;
            }
            assertThat(Instant.now()).as("re-signed before the deadline").isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
