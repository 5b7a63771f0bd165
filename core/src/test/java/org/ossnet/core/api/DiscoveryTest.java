package org.ossnet.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DiscoveryTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static Discovery discovery(Discovery.MirrorCredentials credentials) {
        return new Discovery(
                "pub.example.org",
                URI.create("https://pub.example.org/"),
                URI.create("https://pub.example.org:6969/announce"),
                URI.create("https://pub.example.org/ns/"),
                List.of(),
                URI.create("https://pub.example.org/snapshots/feed"),
                URI.create("https://pub.example.org/api/v1/mirrors"),
                null,
                credentials);
    }

    @Test
    void carriesTheMirrorCaAndTheRevocationListThroughJson() {
        Discovery discovery = discovery(new Discovery.MirrorCredentials(
                "-----BEGIN CERTIFICATE-----\n…",
                "ab".repeat(32),
                URI.create("https://pub.example.org/api/v1/revocation-list")));

        assertThat(JSON.readValue(JSON.writeValueAsString(discovery), Discovery.class))
                .isEqualTo(discovery);
    }

    @Test
    void readsADocumentOfATrackerThatNamesNoMirrorCa() {
        String older = JSON.writeValueAsString(discovery(null)).replace(",\"mirrorCredentials\":null", "");

        Discovery read = JSON.readValue(older, Discovery.class);

        assertThat(read.mirrorCredentials()).isNull();
        assertThat(read)
                .isEqualTo(new Discovery(
                        read.publisher(),
                        read.tracker(),
                        read.announce(),
                        read.ns(),
                        read.publisherKeys(),
                        read.snapshotFeed(),
                        read.mirrors(),
                        read.region()));
    }
}
