package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.region.AcceptedRegions;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;

/**
 * {@code ossnet region add} accepts an authority only once it verifies with the publisher's pinned key and fits with
 * those accepted before, refusing each bad one with its own exit code and recording nothing; {@code region list} shows
 * what was accepted.
 */
class RegionCommandTest {

    private static final String PUBLISHER = "example.org";

    private static SigningKey publisherKey;
    private static SigningKey otherKey;

    @TempDir
    Path home;

    @TempDir
    Path files;

    @BeforeAll
    static void keys() {
        publisherKey = SigningKey.generate("Example <keys@example.org>");
        otherKey = SigningKey.generate("Mallory <m@example.org>");
    }

    @BeforeEach
    void pin() throws Exception {
        new TrustStore(AgentHome.under(home).trustDirectory()).pin(PUBLISHER, List.of(publisherKey.publicKey()));
    }

    private static RegionAuthority authority(
            String publisher, String region, long version, String prefix, Instant expires) {
        URI tracker = URI.create("https://" + region + ".tracker.example.org/");
        return new RegionAuthority(
                publisher,
                region,
                version,
                List.of(Cidr.parse(prefix)),
                List.of(tracker),
                List.of(tracker.resolve("announce")),
                "A".repeat(40),
                Map.of(),
                1,
                expires.minus(30, ChronoUnit.DAYS),
                expires);
    }

    private static RegionAuthority eu(long version) {
        return authority(PUBLISHER, "eu", version, "10.0.0.0/16", nextWeek());
    }

    private static Instant nextWeek() {
        return Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    private OssnetCliTest.Result add(byte[] document, SigningKey signer) throws Exception {
        Path file = Files.createTempFile(files, "authority", ".json");
        Files.write(file, document);
        Path signature = Files.writeString(file.resolveSibling(file.getFileName() + ".asc"), signer.sign(document));
        return OssnetCliTest.runWith(
                Map.of(),
                "region",
                "add",
                "--home",
                home.toString(),
                file.toString(),
                "--signature",
                signature.toString());
    }

    private OssnetCliTest.Result add(RegionAuthority authority, SigningKey signer) throws Exception {
        return add(RegionAuthorityCodec.encode(authority), signer);
    }

    private String list() {
        OssnetCliTest.Result listed = OssnetCliTest.runWith(Map.of(), "region", "list", "--home", home.toString());
        assertThat(listed.exitCode()).as(listed.err()).isEqualTo(ExitCodes.OK);
        return listed.out();
    }

    @Test
    void acceptsAnAuthoritySignedByThePinnedKeyAndListsIt() throws Exception {
        RegionAuthority eu = eu(2);

        OssnetCliTest.Result added = add(eu, publisherKey);

        assertThat(added.exitCode()).as(added.err()).isEqualTo(ExitCodes.OK);
        assertThat(added.out())
                .startsWith("accepted region eu of example.org, version 2: trackers https://eu.tracker.example.org/,"
                        + " valid until " + eu.expires() + "; kept in ");
        assertThat(AgentHome.under(home).regionsFile()).exists();
        assertThat(list())
                .isEqualTo("example.org  eu  version 2  https://eu.tracker.example.org/  expires " + eu.expires()
                        + "  valid\n");
        assertThat(add(eu, publisherKey).exitCode()).as("the same again").isEqualTo(ExitCodes.OK);
    }

    @Test
    void listsTheLastAcceptedFirstAndSaysWhichHaveExpired() throws Exception {
        Instant past = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        // Accepted while it was valid (recorded directly: add refuses an expired one, as the next test shows).
        new AcceptedRegions(AgentHome.under(home).regionsFile())
                .record(authority(PUBLISHER, "na", 1, "10.1.0.0/16", past));
        RegionAuthority eu = eu(1);
        assertThat(add(eu, publisherKey).exitCode()).isEqualTo(ExitCodes.OK);

        assertThat(list().lines())
                .containsExactly(
                        "example.org  eu  version 1  https://eu.tracker.example.org/  expires " + eu.expires()
                                + "  valid",
                        "example.org  na  version 1  https://na.tracker.example.org/  expires " + past + "  expired");
    }

    @Test
    void refusesAnExpiredAuthority() throws Exception {
        Instant past = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

        assertRefused(
                add(authority(PUBLISHER, "eu", 1, "10.0.0.0/16", past), publisherKey),
                ExitCodes.EXPIRED,
                "ossnet region add: region authority refused (expired): the region authority for eu expired at "
                        + past);
    }

    @Test
    void refusesAnAuthoritySignedByAnotherKey() throws Exception {
        assertRefused(
                add(eu(1), otherKey),
                ExitCodes.BAD_SIGNATURE,
                "ossnet region add: region authority refused (signature): the region authority is not signed by the"
                        + " publisher's key");
    }

    @Test
    void refusesAnAuthorityOfAPublisherWithNoPinnedKey() throws Exception {
        assertRefused(
                add(authority("other.example.org", "eu", 1, "10.0.0.0/16", nextWeek()), publisherKey),
                ExitCodes.UNKNOWN_KEY,
                "ossnet region add: no key is pinned for publisher other.example.org; pin one first with"
                        + " 'ossnet trust add other.example.org --key FILE'");
    }

    @Test
    void refusesAMalformedDocument() throws Exception {
        byte[] pretty = new String(RegionAuthorityCodec.encode(eu(1)), StandardCharsets.UTF_8)
                .replace(",", ", ")
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(
                add(pretty, publisherKey),
                ExitCodes.BAD_INPUT,
                "ossnet region add: region authority refused (malformed): ");
    }

    @Test
    void refusesAnAuthorityOlderThanTheOneAccepted() throws Exception {
        assertThat(add(eu(3), publisherKey).exitCode()).isEqualTo(ExitCodes.OK);

        assertRefused(
                add(eu(2), publisherKey),
                ExitCodes.ROLLBACK,
                "ossnet region add: region authority refused (rollback): the region authority for eu is version 2,"
                        + " older than version 3 already accepted");
        assertThat(list()).contains("  eu  version 3  ");
    }

    @Test
    void refusesAnAuthorityOverlappingAnotherAcceptedRegion() throws Exception {
        assertThat(add(eu(1), publisherKey).exitCode()).isEqualTo(ExitCodes.OK);

        assertRefused(
                add(authority(PUBLISHER, "na", 1, "10.0.128.0/24", nextWeek()), publisherKey),
                ExitCodes.CONFLICT,
                "ossnet region add: region authority refused (overlap): region na's prefix 10.0.128.0/24 overlaps"
                        + " region eu's prefix 10.0.0.0/16");
        assertThat(list()).doesNotContain("  na  ");
    }

    @Test
    void needsTheSignature() throws Exception {
        Path file = Files.write(files.resolve("authority.json"), RegionAuthorityCodec.encode(eu(1)));

        OssnetCliTest.Result result =
                OssnetCliTest.runWith(Map.of(), "region", "add", "--home", home.toString(), file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--signature");
    }

    @Test
    void saysWhichFileIsMissing() throws Exception {
        Path file = Files.write(files.resolve("authority.json"), RegionAuthorityCodec.encode(eu(1)));
        Path missing = files.resolve("authority.json.asc");

        OssnetCliTest.Result result = OssnetCliTest.runWith(
                Map.of(),
                "region",
                "add",
                "--home",
                home.toString(),
                file.toString(),
                "--signature",
                missing.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).isEqualTo("ossnet region add: no such file " + missing + "\n");
    }

    private void assertRefused(OssnetCliTest.Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.err()).startsWith(message);
        assertThat(result.out()).isEmpty();
        if (exitCode != ExitCodes.ROLLBACK && exitCode != ExitCodes.CONFLICT) {
            assertThat(list()).isEmpty();
        }
    }
}
