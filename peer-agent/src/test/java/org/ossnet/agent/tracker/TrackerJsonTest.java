package org.ossnet.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.testing.Records.assertEveryComponentSet;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsChild;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.RegionReferral;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hand readers of the discovery document and a name's entry read what Jackson's data binding reads, on documents
 * written by data binding with every field of every record set (a field added to a record and not to its reader fails
 * here), and refuse a field of the wrong type by its name.
 */
class TrackerJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant WHEN = Instant.parse("2026-12-05T10:15:30.123Z");

    private static final PublisherKey KEY = new PublisherKey("ABCD", "-----BEGIN PGP-----", true, WHEN);
    private static final Discovery DISCOVERY = new Discovery(
            "example.org:8443",
            URI.create("https://example.org:8443/"),
            URI.create("https://example.org:8443/announce"),
            URI.create("https://example.org:8443/ns/"),
            List.of(KEY, new PublisherKey("EF01", "armored", false, WHEN.plusSeconds(60))),
            URI.create("https://example.org:8443/api/v1/snapshots/feed"),
            URI.create("https://example.org:8443/api/v1/mirrors"),
            new RegionReferral(
                    "eu",
                    List.of(URI.create("https://eu.example.org/"), URI.create("https://eu2.example.org/")),
                    List.of(URI.create("https://eu.example.org/announce")),
                    URI.create("https://example.org:8443/api/v1/regions/eu"),
                    URI.create("https://example.org:8443/api/v1/regions/eu.asc")),
            new Discovery.MirrorCredentials(
                    "-----BEGIN CERTIFICATE-----", "00ff", URI.create("https://example.org:8443/api/v1/mirrors/crl")));
    private static final NsEntry ENTRY = new NsEntry(
            NsEntry.FILE,
            "ossnet://example.org/fedora/45/a.iso",
            "ossnet://example.org/fedora/45/",
            7,
            URI.create("https://example.org/api/v1/snapshots/7"),
            URI.create("https://example.org/api/v1/snapshots/7.asc"),
            WHEN,
            1234L,
            "aa".repeat(32),
            "bb".repeat(20),
            URI.create("https://example.org/torrents/bb.torrent"),
            "magnet:?xt=urn:btih:" + "bb".repeat(20),
            URI.create("https://example.org/a.iso.meta4"),
            List.of(new NsChild("a.iso", NsEntry.FILE, 1234L, "aa".repeat(32))));

    @Test
    void readsTheDiscoveryDocumentAsDataBindingDoes() {
        assertEveryComponentSet(DISCOVERY);
        assertEveryComponentSet(KEY);
        assertEveryComponentSet(DISCOVERY.region());
        assertEveryComponentSet(DISCOVERY.mirrorCredentials());
        byte[] written = JSON.writeValueAsBytes(DISCOVERY);

        Discovery read = TrackerJson.discovery(JSON.readTree(written));

        assertThat(read).isEqualTo(DISCOVERY).isEqualTo(JSON.readValue(written, Discovery.class));
    }

    @Test
    void readsANameEntryAsDataBindingDoes() {
        assertEveryComponentSet(ENTRY);
        assertEveryComponentSet(ENTRY.entries().getFirst());
        byte[] written = JSON.writeValueAsBytes(ENTRY);

        NsEntry read = TrackerJson.nsEntry(JSON.readTree(written));

        assertThat(read).isEqualTo(ENTRY).isEqualTo(JSON.readValue(written, NsEntry.class));
    }

    @Test
    void readsMissingFieldsAndNullsAsNullAndIgnoresUnknownOnes() {
        JsonNode sparse = JSON.readTree("""
                {"publisher":"example.org","ns":"https://example.org/ns/","region":null,"future":{"x":1}}""");

        Discovery read = TrackerJson.discovery(sparse);

        assertThat(read)
                .isEqualTo(JSON.readerFor(Discovery.class)
                        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(sparse));
        assertThat(read.tracker()).isNull();
        assertThat(read.publisherKeys()).isNull();
    }

    @Test
    void refusesAFieldOfTheWrongTypeByItsName() {
        assertThatThrownBy(() -> TrackerJson.discovery(JSON.readTree("{\"tracker\":5}")))
                .hasMessage("tracker must be a string");
        assertThatThrownBy(() -> TrackerJson.discovery(JSON.readTree("{\"publisherKeys\":[{\"active\":\"yes\"}]}")))
                .hasMessage("active must be true or false");
        assertThatThrownBy(() -> TrackerJson.nsEntry(JSON.readTree("{\"version\":\"7\"}")))
                .hasMessage("version must be an integer");
        assertThatThrownBy(() -> TrackerJson.nsEntry(JSON.readTree("{\"expires\":\"tomorrow\"}")))
                .hasMessage("expires is not an ISO-8601 instant");
        assertThatThrownBy(() -> TrackerJson.nsEntry(JSON.readTree("{\"torrent\":\"not a url\"}")))
                .hasMessageStartingWith("torrent is not a URL");
        assertThatThrownBy(() -> TrackerJson.nsEntry(JSON.readTree("[1]"))).hasMessage("document must be an object");
    }
}
