package org.ossnet.agent.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.announce.AnnounceTiers;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.net.UnreachableException;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.agent.trust.LastSeenVersions;
import org.ossnet.agent.trust.SnapshotVerifier;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * A master tracker refers the agent to a regional tracker on another port: what the agent accepts, what it refuses
 * with one warning line while going on with the master, and where it then resolves names and announces.
 */
@Timeout(60)
class PublisherTrackersTest {

    @TempDir
    Path home;

    @TempDir
    Path tree;

    private TrackerFixture master;
    private TrackerFixture regional;
    private TrustStore trust;
    private AcceptedRegions accepted;
    private LastSeenVersions lastSeen;
    private final TestClock clock = new TestClock(Instant.now());
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private PublisherTrackers trackers;
    private NameResolver resolver;
    private OssnetName file;

    @BeforeEach
    void start() throws Exception {
        TreeFixtures.write(tree, "a.txt", "alpha");
        List<SnapshotFile> files = List.of(TreeFixtures.entry(tree, "a.txt"));
        master = TrackerFixture.start();
        master.serve(3, RegionFixtures.nextWeek(), files);
        regional = TrackerFixture.regional(master);
        trust = new TrustStore(home.resolve("trust"));
        trust.pin(master.publisher(), List.of(master.key().publicKey()));
        accepted = new AcceptedRegions(home.resolve("regions.json"));
        lastSeen = new LastSeenVersions(home.resolve("last-seen.json"));
        var client = new TrackerClient(false);
        trackers = new PublisherTrackers(
                client,
                new RegionReferrals(client, trust, accepted, clock, warnings::add),
                clock,
                Duration.ofMinutes(2),
                warnings::add);
        resolver = new NameResolver(
                trackers, trust, new SnapshotVerifier(lastSeen, clock), false, new PrintWriter(new StringWriter()));
        file = OssnetName.parse(master.collection().format() + "/a.txt");
    }

    @AfterEach
    void stop() {
        master.close();
        regional.close();
    }

    private RegionAuthority valid(String region, long version) {
        return RegionFixtures.authority(master, region, version, regional, RegionFixtures.nextWeek());
    }

    private URI announcedTo() throws Exception {
        AnnounceTiers tiers =
                trackers.announce(master.publisher(), master.base().resolve("announce"));
        return tiers.announce(url -> url);
    }

    @Test
    void resolvesAndAnnouncesAtTheRegionalTrackerOnceItsAuthorityVerifies() throws Exception {
        RegionFixtures.refer(master, regional, "eu", valid("eu", 4), master.key());

        Resolved resolved = resolver.resolve(file);

        assertThat(resolved.snapshot().version()).isEqualTo(3);
        assertThat(regional.hits("/ns/")).isEqualTo(1);
        assertThat(regional.hits("/snapshots/")).isEqualTo(2);
        assertThat(master.hits("/ns/")).isZero();
        assertThat(announcedTo()).isEqualTo(regional.base().resolve("announce"));
        assertThat(accepted.get(master.publisher(), "eu").orElseThrow().version())
                .isEqualTo(4);
        assertThat(warnings).isEmpty();
    }

    @Test
    void followsNoReferralBeforeAKeyIsPinned() throws Exception {
        trust.remove(master.publisher());
        RegionFixtures.refer(master, regional, "eu", valid("eu", 1), master.key());

        assertThat(trackers.region(master.publisher())).isEmpty();
        assertThat(master.hits("/regions/")).isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void refusesAnAuthoritySignedByAnotherKey() throws Exception {
        RegionFixtures.refer(master, regional, "eu", valid("eu", 1), SigningKey.generate("Mallory <m@example.org>"));

        assertRefusedAndMasterUsed("signature", "is not signed by the publisher's key");
    }

    @Test
    void refusesAnExpiredAuthority() throws Exception {
        Instant expired = clock.instant().minus(1, ChronoUnit.MINUTES);
        RegionFixtures.refer(
                master, regional, "eu", RegionFixtures.authority(master, "eu", 1, regional, expired), master.key());

        assertRefusedAndMasterUsed("expired", "the region authority for eu expired at");
    }

    @Test
    void refusesTheAuthorityOfAnotherPublisher() throws Exception {
        RegionAuthority foreign = RegionFixtures.authority(
                "other.example.org", "eu", 1, "127.0.0.0/8", regional, RegionFixtures.nextWeek());
        RegionFixtures.refer(master, regional, "eu", foreign, master.key());

        assertRefusedAndMasterUsed("foreign", "of publisher other.example.org");
    }

    @Test
    void refusesAnAuthorityForAnotherRegionThanTheReferralNames() throws Exception {
        RegionFixtures.refer(master, regional, "na", valid("eu", 1), master.key());

        assertRefusedAndMasterUsed("wrong region", "is for region eu, not for na");
    }

    @Test
    void refusesARegionalTrackerWhoseDiscoveryNamesAnotherRegion() throws Exception {
        RegionAuthority eu = valid("eu", 1);
        RegionFixtures.refer(master, regional, "eu", eu, master.key());
        regional.refer(RegionFixtures.referral(regional, "na", eu));

        assertRefusedAndMasterUsed("wrong region", "names region na, but its authority is for eu");
    }

    @Test
    void refusesAnAuthorityOlderThanOneAcceptedBefore() throws Exception {
        accepted.record(valid("eu", 5));
        RegionFixtures.refer(master, regional, "eu", valid("eu", 3), master.key());

        assertRefusedAndMasterUsed("rollback", "is version 3, older than version 5 already accepted");
        assertThat(accepted.get(master.publisher(), "eu").orElseThrow().version())
                .isEqualTo(5);
    }

    @Test
    void refusesAnAuthorityOverlappingAnotherAcceptedRegion() throws Exception {
        accepted.record(RegionFixtures.authority(
                master.publisher(), "na", 1, "127.0.0.0/16", regional, RegionFixtures.nextWeek()));
        RegionFixtures.refer(master, regional, "eu", valid("eu", 1), master.key());

        assertRefusedAndMasterUsed("overlap", "overlaps region na's prefix 127.0.0.0/16");
    }

    private void assertRefusedAndMasterUsed(String problem, String detail) throws Exception {
        Resolved resolved = resolver.resolve(file);

        assertThat(resolved.snapshot().version()).isEqualTo(3);
        assertThat(trackers.region(master.publisher())).isEmpty();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.getFirst())
                .startsWith("ossnet: region authority refused (" + problem + "): ")
                .contains(detail)
                .endsWith("; using the master tracker only");
        assertThat(master.hits("/ns/")).isEqualTo(1);
        assertThat(regional.hits("/ns/")).isZero();
        assertThat(announcedTo()).isEqualTo(master.base().resolve("announce"));
    }

    @Test
    void resolvesAtTheMasterWhenTheRegionalTrackerStopsAnswering() throws Exception {
        RegionFixtures.refer(master, regional, "eu", valid("eu", 1), master.key());
        assertThat(trackers.region(master.publisher())).isPresent();
        regional.close();

        Resolved resolved = resolver.resolve(file);

        assertThat(resolved.snapshot().version()).isEqualTo(3);
        assertThat(master.hits("/ns/")).isEqualTo(1);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("the regional tracker " + regional.base() + " of eu failed");
    }

    @Test
    void resolvesAtTheMasterWhenTheRegionalTrackerServesAnOlderSnapshot() throws Exception {
        RegionFixtures.refer(master, regional, "eu", valid("eu", 1), master.key());
        master.serve(4, RegionFixtures.nextWeek(), List.of(TreeFixtures.entry(tree, "a.txt")));
        lastSeen.record(master.collection(), 4);

        Resolved resolved = resolver.resolve(file);

        assertThat(resolved.snapshot().version()).isEqualTo(4);
        assertThat(regional.hits("/snapshots/")).isEqualTo(2);
        assertThat(warnings).singleElement().asString().contains("ROLLBACK refused");
    }

    @Test
    void announcesToTheRegionWhileNoRegionalDiscoveryAnswersButResolvesAtTheMaster() throws Exception {
        RegionAuthority eu = valid("eu", 1);
        regional.close();
        RegionFixtures.refer(master, regional, "eu", eu, master.key());

        resolver.resolve(file);

        assertThat(master.hits("/ns/")).isEqualTo(1);
        assertThat(announcedTo()).isEqualTo(regional.base().resolve("announce"));
        assertThat(warnings).singleElement().asString().startsWith("ossnet: no regional tracker of eu answers");
    }

    @Test
    void stopsUsingTheRegionOnceItsAuthorityExpiresWhileRunning() throws Exception {
        Instant inAnHour = clock.instant().plus(1, ChronoUnit.HOURS);
        RegionFixtures.refer(
                master, regional, "eu", RegionFixtures.authority(master, "eu", 1, regional, inAnHour), master.key());
        assertThat(announcedTo()).isEqualTo(regional.base().resolve("announce"));

        clock.advance(Duration.ofHours(2));

        assertThat(announcedTo()).isEqualTo(master.base().resolve("announce"));
        assertThat(trackers.region(master.publisher())).isEmpty();
        resolver.resolve(file);
        assertThat(master.hits("/ns/")).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("the region authority for eu expired at");
    }

    /** What an earlier run leaves when the master referred it to {@code authority}: accepted, and served regionally. */
    private void acceptedBefore(RegionAuthority authority, TrackerFixture at) throws IOException {
        accepted.record(authority);
        at.refer(RegionFixtures.referral(at, authority.region(), authority));
    }

    @Test
    void resolvesAndAnnouncesAtAnAcceptedRegionWhileTheMasterIsDown() throws Exception {
        RegionAuthority eu = valid("eu", 2);
        acceptedBefore(eu, regional);
        master.close();

        Resolved resolved = resolver.resolve(file);

        assertThat(resolved.snapshot().version()).isEqualTo(3);
        assertThat(regional.hits("/ns/")).isEqualTo(1);
        assertThat(trackers.reachableMaster(master.publisher())).isEmpty();
        assertThat(trackers.announce(master.publisher(), null).<URI>announce(url -> url))
                .isEqualTo(regional.base().resolve("announce"));
        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("ossnet: the master tracker of " + master.publisher() + " is unreachable (cannot reach "
                        + master.base() + ".well-known/ossnet.json")
                .endsWith("; using the regional tracker of eu from the accepted authority (valid until " + eu.expires()
                        + ")");
    }

    @Test
    void failsWithTheMastersErrorWhenTheAcceptedAuthorityHasExpired() throws Exception {
        acceptedBefore(
                RegionFixtures.authority(
                        master, "eu", 1, regional, clock.instant().minus(1, ChronoUnit.MINUTES)),
                regional);
        master.close();

        assertThatThrownBy(() -> resolver.resolve(file))
                .isInstanceOf(UnreachableException.class)
                .hasMessageContaining(master.base().toString());
        assertThat(regional.hits("/")).isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void dropsTheStandInOnceItsAuthorityExpiresAndAsksTheMasterAgain() throws Exception {
        Instant inAnHour = clock.instant().plus(1, ChronoUnit.HOURS);
        acceptedBefore(RegionFixtures.authority(master, "eu", 1, regional, inAnHour), regional);
        master.close();
        resolver.resolve(file);
        AnnounceTiers tiers = trackers.announce(master.publisher(), null);

        clock.advance(Duration.ofHours(2));

        assertThatThrownBy(() -> resolver.resolve(file)).isInstanceOf(UnreachableException.class);
        assertThatThrownBy(() -> tiers.announce(url -> url))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("no tracker to announce to");
        assertThat(regional.hits("/ns/")).isEqualTo(1);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.getLast())
                .isEqualTo("ossnet: the region authority for eu expired at " + inAnHour.truncatedTo(ChronoUnit.SECONDS)
                        + "; asking the master tracker of " + master.publisher() + " again");
    }

    @Test
    void standsInTheRegionHoldingTheBoundAddressElseTheOneAcceptedLast() throws Exception {
        try (TrackerFixture other = TrackerFixture.regional(master)) {
            acceptedBefore(
                    RegionFixtures.authority(
                            master.publisher(), "eu", 1, "127.0.0.0/16", regional, RegionFixtures.nextWeek()),
                    regional);
            acceptedBefore(
                    RegionFixtures.authority(
                            master.publisher(), "na", 1, "127.1.0.0/16", other, RegionFixtures.nextWeek()),
                    other);
            master.close();

            assertThat(standIn(SourceAddress.ANY)).isEqualTo("na");
            assertThat(standIn(new SourceAddress(InetAddress.getByName("127.0.0.9"))))
                    .isEqualTo("eu");
            assertThat(standIn(new SourceAddress(InetAddress.getByName("127.5.0.9"))))
                    .isEqualTo("na");
        }
    }

    /** The region a new run binding to {@code source} stands in for the unreachable master. */
    private String standIn(SourceAddress source) throws Exception {
        var client = new TrackerClient(false);
        var run = new PublisherTrackers(
                client,
                new RegionReferrals(client, trust, accepted, clock, source, warnings::add),
                clock,
                Duration.ofMinutes(2),
                warnings::add);
        return run.region(master.publisher()).orElseThrow().authority().region();
    }
}
