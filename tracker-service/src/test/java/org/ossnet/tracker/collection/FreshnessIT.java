package org.ossnet.tracker.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;
import static org.ossnet.tracker.collection.Publications.get;
import static org.ossnet.tracker.collection.Publications.publish;
import static org.ossnet.tracker.collection.Publications.request;

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
import org.ossnet.tracker.TrackerUnderTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class FreshnessIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();

    @TempDir
    Path tree;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.snapshot-validity", () -> "8s");
        registry.add("ossnet.tracker.resign-before", () -> "5s");
        registry.add("ossnet.tracker.freshness-interval", () -> "500ms");
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    @Test
    void reSignsTheLatestSnapshotAsANewVersionBeforeItExpires() throws Exception {
        var response = publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                request(
                        tree,
                        "ossnet://127.0.0.1:" + APP.port() + "/quiet",
                        null,
                        null,
                        null,
                        Map.of("a.txt", new byte[] {1, 2})));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        PublishResponse first = JSON.readValue(response.body(), PublishResponse.class);

        NsEntry fresh = awaitVersionAbove(1, Duration.ofSeconds(30));

        assertThat(fresh.expires()).isAfter(first.expires());
        byte[] document = get(fresh.snapshot()).body();
        new SignatureVerifier(List.of(APP.signing().key().publicKey()))
                .verify(document, get(fresh.signature()).body());
        Snapshot resigned = SnapshotCodec.decode(document, SnapshotLimits.DEFAULTS);
        Snapshot original = SnapshotCodec.decode(get(first.snapshot()).body(), SnapshotLimits.DEFAULTS);
        assertThat(resigned.files()).isEqualTo(original.files());
        assertThat(resigned.isExpired(Instant.now())).isFalse();
    }

    NsEntry awaitVersionAbove(long version, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            NsEntry entry = JSON.readValue(get(APP.url().resolve("/ns/quiet/")).body(), NsEntry.class);
            if (entry.version() > version) {
                return entry;
            }
            assertThat(Instant.now()).as("re-signed before the deadline").isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
