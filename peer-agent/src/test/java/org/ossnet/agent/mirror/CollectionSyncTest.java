package org.ossnet.agent.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.scan.FileHasher;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.agent.trust.LastSeenVersions;
import org.ossnet.agent.trust.SnapshotRejectedException;
import org.ossnet.agent.trust.SnapshotVerifier;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * The sync engine on real files against the agent's tracker fixture: only changed bytes move, index files switch
 * after data files, a crash at any point converges on restart without fetching verified files again, and a snapshot
 * or file that fails verification leaves the served tree as it was.
 */
@Timeout(60)
class CollectionSyncTest {

    private static final Instant NEXT_WEEK = Instant.now().plus(7, ChronoUnit.DAYS);

    @TempDir
    Path origin;

    @TempDir
    Path home;

    @TempDir
    Path root;

    private TrackerFixture tracker;
    private CopyingSource source;
    private MirrorConfig config;
    private Path live;
    private Instant now = Instant.parse("2025-03-01T12:00:00Z");

    @BeforeEach
    void start() throws Exception {
        tracker = TrackerFixture.start();
        source = new CopyingSource(origin);
        config = MirrorConfigParser.parse(
                "tree = tree\ngrace = 10m\n[collection " + tracker.collection().format() + "]\nexclude = *.iso\n",
                root);
        live = root.resolve("tree/demo");
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    /** Version 1: three packages, an ISO the mirror excludes, and an index naming the packages. */
    private void publishV1() throws IOException {
        write("Packages/a.rpm", "alpha ".repeat(100));
        write("Packages/b.rpm", "bravo ".repeat(200));
        write("Packages/c.rpm", "charlie ".repeat(50));
        write("images/big.iso", "iso ".repeat(1000));
        publish(1);
    }

    /** Version 2: a.rpm changed, b.rpm renamed, c.rpm deleted, the index rewritten. */
    private void publishV2() throws IOException {
        publishV2(Optional.empty());
    }

    private void publishV2(Optional<Instant> embargoUntil) throws IOException {
        write("Packages/a.rpm", "ALPHA2 ".repeat(100));
        Files.createDirectories(origin.resolve("Packages/sub"));
        Files.move(origin.resolve("Packages/b.rpm"), origin.resolve("Packages/sub/b-renamed.rpm"));
        Files.delete(origin.resolve("Packages/c.rpm"));
        publish(2, embargoUntil);
    }

    private void write(String path, String content) throws IOException {
        Files.createDirectories(origin.resolve(path).getParent());
        TreeFixtures.write(origin, path, content);
    }

    /** Publishes the origin tree, with an index listing every package's path and SHA-256. */
    private void publish(long version) throws IOException {
        publish(version, Optional.empty());
    }

    /** As {@link #publish(long)}, embargoed until {@code embargoUntil} if present. */
    private void publish(long version, Optional<Instant> embargoUntil) throws IOException {
        StringBuilder index = new StringBuilder();
        for (String path : paths(origin)) {
            if (path.endsWith(".rpm")) {
                index.append(path)
                        .append(' ')
                        .append(FileHasher.sha256(origin.resolve(path)))
                        .append('\n');
            }
        }
        TreeFixtures.write(origin, "repodata/repomd.xml", index.toString());
        List<SnapshotFile> files = new ArrayList<>();
        for (String path : paths(origin)) {
            files.add(TreeFixtures.entry(origin, path));
        }
        tracker.serve(version, NEXT_WEEK, files, embargoUntil);
    }

    private static List<String> paths(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    private MirrorSync mirror(CollectionSync.Checkpoints checkpoints) throws IOException {
        NameResolver resolver = new NameResolver(
                new TrackerClient(true),
                new TrustStore(home.resolve("trust")),
                new SnapshotVerifier(new LastSeenVersions(home.resolve("last-seen.json")), Clock.systemUTC()),
                true,
                new PrintWriter(Writer.nullWriter()));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new MirrorSync(
                resolver,
                List.of(new CollectionSync(config, config.collections().getFirst(), source, clock, checkpoints)));
    }

    private CollectionSync.Result sync(MirrorSync mirror) throws Exception {
        return mirror.sync(mirror.collections().getFirst());
    }

    /** Every file of the live tree by path, with its content. */
    private Map<String, String> liveTree() throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String path : paths(live)) {
            files.put(path, Files.readString(live.resolve(path), StandardCharsets.ISO_8859_1));
        }
        return files;
    }

    /** The origin's files the mirror carries (all but the ISO), with the held snapshot beside them. */
    private void assertTreeHoldsOrigin() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (String path : paths(origin)) {
            if (!path.endsWith(".iso")) {
                expected.put(path, Files.readString(origin.resolve(path), StandardCharsets.ISO_8859_1));
            }
        }
        Map<String, String> actual = liveTree();
        actual.keySet().removeIf(p -> p.startsWith(".ossnet/"));
        assertThat(actual).isEqualTo(expected);
    }

    private long size(String path) throws IOException {
        return Files.size(origin.resolve(path));
    }

    @Test
    void anEmbargoedSnapshotIsStagedAndSwitchedInOnlyAtItsReleaseWithoutFetchingAgain() throws Exception {
        publishV1();
        MirrorSync mirror = mirror(CollectionSync.Checkpoints.NONE);
        sync(mirror);
        Map<String, String> v1 = liveTree();
        long v1Bytes = source.bytes();
        Instant release = now.plus(Duration.ofMinutes(30));
        publishV2(Optional.of(release));

        CollectionSync.Result staged = sync(mirror);
        assertThat(staged.switched()).isFalse();
        assertThat(staged.version()).as("the tree still holds version 1").isEqualTo(1);
        assertThat(staged.releaseAt()).isEqualTo(release);
        assertThat(staged.fetched()).isEqualTo(2);
        long fetched = source.bytes() - v1Bytes;
        assertThat(fetched).isPositive();
        assertThat(liveTree())
                .as("nothing of version 2 is served before its release")
                .isEqualTo(v1);
        now = release.minusSeconds(1);
        assertThat(sync(mirror).awaitsRelease()).isTrue();
        assertThat(liveTree()).isEqualTo(v1);

        now = release;
        CollectionSync.Result released = sync(mirror);

        assertThat(released).isEqualTo(new CollectionSync.Result(2, true, 0, 0, 0, 0));
        assertThat(source.bytes() - v1Bytes)
                .as("nothing fetched again at the release")
                .isEqualTo(fetched);
        // Files version 2 dropped stay for the grace period, as after any switch.
        for (String path : List.of("Packages/a.rpm", "Packages/sub/b-renamed.rpm", "repodata/repomd.xml")) {
            assertThat(live.resolve(path)).hasSameBinaryContentAs(origin.resolve(path));
        }
    }

    @Test
    void fetchesOnlyTheChangedBytesAndLinksARenamedFile() throws Exception {
        publishV1();
        MirrorSync mirror = mirror(CollectionSync.Checkpoints.NONE);
        CollectionSync.Result first = sync(mirror);
        long v1Bytes =
                size("Packages/a.rpm") + size("Packages/b.rpm") + size("Packages/c.rpm") + size("repodata/repomd.xml");
        assertThat(first).isEqualTo(new CollectionSync.Result(1, true, 0, 0, 0, 4));
        assertThat(source.bytes()).isEqualTo(v1Bytes);
        assertTreeHoldsOrigin();
        String c = Files.readString(live.resolve("Packages/c.rpm"));

        publishV2();
        CollectionSync.Result second = sync(mirror);

        assertThat(second).isEqualTo(new CollectionSync.Result(2, true, 0, 1, 0, 2));
        assertThat(source.bytes() - v1Bytes).isEqualTo(size("Packages/a.rpm") + size("repodata/repomd.xml"));
        assertThat(live.resolve("images")).doesNotExist();
        // The deleted file stays for the grace period, so downloads in flight finish, and goes after it.
        assertThat(live.resolve("Packages/c.rpm")).hasContent(c);
        assertThat(live.resolve("Packages/b.rpm")).exists();
        now = now.plus(Duration.ofMinutes(9));
        assertThat(mirror.collections().getFirst().expire()).isZero();
        now = now.plus(Duration.ofMinutes(2));
        assertThat(mirror.collections().getFirst().expire()).isEqualTo(2);
        assertTreeHoldsOrigin();
        Snapshot held = SnapshotCodec.decode(
                Files.readAllBytes(live.resolve(HeldTree.SNAPSHOT)), org.ossnet.core.snapshot.SnapshotLimits.DEFAULTS);
        assertThat(held.version()).isEqualTo(2);
        assertThat(live.resolve(HeldTree.SIGNATURE)).exists();
    }

    @Test
    void keepsUnchangedFilesWithoutFetchingThem() throws Exception {
        publishV1();
        MirrorSync mirror = mirror(CollectionSync.Checkpoints.NONE);
        sync(mirror);
        long before = source.bytes();

        write("Packages/d.rpm", "delta");
        publish(2);
        CollectionSync.Result result = sync(mirror);

        assertThat(result.kept()).isEqualTo(3);
        assertThat(source.bytes() - before).isEqualTo(size("Packages/d.rpm") + size("repodata/repomd.xml"));
        assertThat(sync(mirror).switched()).isFalse();
    }

    @Test
    void switchesIndexFilesOnlyAfterEveryDataFileTheyName() throws Exception {
        publishV1();
        sync(mirror(CollectionSync.Checkpoints.NONE));
        publishV2();
        List<String> switched = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        CollectionSync.Checkpoints reader = point -> {
            if (point.startsWith("switched ")) {
                switched.add(point.substring("switched ".length()));
                // A client reading the index now must find every package it names: the old index's dropped packages
                // stay for the grace period, and once the new index is served, every package it names has the
                // content it names. (A package changed in place cannot match both indexes; archives never do that.)
                Path index = live.resolve("repodata/repomd.xml");
                boolean newIndex =
                        Files.readString(index).equals(Files.readString(origin.resolve("repodata/repomd.xml")));
                for (String line : Files.readAllLines(index)) {
                    String[] entry = line.split(" ");
                    Path named = live.resolve(entry[0]);
                    if (!Files.exists(named)
                            || (newIndex && !FileHasher.sha256(named).equals(entry[1]))) {
                        broken.add(point + ": " + entry[0]);
                    }
                }
            }
        };

        sync(mirror(reader));

        assertThat(broken).isEmpty();
        assertThat(switched)
                .containsExactly(
                        "Packages/a.rpm", "Packages/sub/b-renamed.rpm", "repodata/repomd.xml", "files", "snapshot");
    }

    @Test
    void switchesTheIndexFilesThatNameOthersLastAndDeeperIndexesFirst() {
        List<String> apt = List.of(
                "dists/trixie/InRelease",
                "dists/trixie/Release",
                "dists/trixie/Release.gpg",
                "dists/trixie/main/binary-amd64/Packages.gz",
                "dists/trixie/main/source/Sources.xz");
        List<String> dnf = List.of(
                "repodata/filelists.xml.gz",
                "repodata/repomd.xml",
                "repodata/repomd.xml.asc",
                "repodata/updateinfo.xml");

        assertThat(inIndexOrder(apt))
                .containsExactly(
                        "dists/trixie/main/binary-amd64/Packages.gz",
                        "dists/trixie/main/source/Sources.xz",
                        "dists/trixie/InRelease",
                        "dists/trixie/Release",
                        "dists/trixie/Release.gpg");
        assertThat(inIndexOrder(dnf))
                .containsExactly(
                        "repodata/filelists.xml.gz",
                        "repodata/updateinfo.xml",
                        "repodata/repomd.xml",
                        "repodata/repomd.xml.asc");
    }

    private static List<String> inIndexOrder(List<String> paths) {
        return paths.stream()
                .map(p -> List.of(p.split("/")))
                .sorted(CollectionSync.INDEX_ORDER)
                .map(segments -> String.join("/", segments))
                .toList();
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(
            strings = {
                "fetch",
                "staged Packages/sub/b-renamed.rpm",
                "staged all",
                "switched Packages/a.rpm",
                "switched repodata/repomd.xml",
                "switched files",
                "switched snapshot"
            })
    void convergesAfterAKillWithoutFetchingVerifiedFilesAgain(String point) throws Exception {
        publishV1();
        sync(mirror(CollectionSync.Checkpoints.NONE));
        Map<String, String> v1 = liveTree();
        publishV2();
        long before = source.bytes();
        CollectionSync.Checkpoints kill = reached -> {
            if (reached.equals(point)) {
                throw new CopyingSource.CrashException("killed at " + reached);
            }
        };
        if (point.equals("fetch")) {
            source.crashAfter(1);
        }

        assertThatThrownBy(() -> sync(mirror(kill))).isInstanceOf(CopyingSource.CrashException.class);
        // Whatever the moment, every file served is whole: the content of version 1 or of version 2 at its path.
        Map<String, String> v2 = new TreeMap<>();
        for (String path : paths(origin)) {
            v2.put(path, Files.readString(origin.resolve(path), StandardCharsets.ISO_8859_1));
        }
        liveTree().forEach((path, content) -> {
            if (!path.startsWith(".ossnet/")) {
                assertThat(content).as(path).isIn(v1.get(path), v2.get(path));
            }
        });

        source.crashAfter(Integer.MAX_VALUE);
        CollectionSync.Result restarted = sync(mirror(CollectionSync.Checkpoints.NONE));

        assertThat(restarted.version()).isEqualTo(2);
        now = now.plus(Duration.ofHours(1));
        mirror(CollectionSync.Checkpoints.NONE).collections().getFirst().expire();
        assertTreeHoldsOrigin();
        assertThat(source.bytes() - before).isEqualTo(size("Packages/a.rpm") + size("repodata/repomd.xml"));
    }

    @Test
    void leavesTheTreeAsItWasWhenTheSnapshotFailsVerification() throws Exception {
        publishV1();
        MirrorSync mirror = mirror(CollectionSync.Checkpoints.NONE);
        sync(mirror);
        Map<String, String> before = liveTree();
        publishV2();
        Snapshot v2 = new Snapshot(
                tracker.collection(),
                3,
                NEXT_WEEK.minus(Duration.ofDays(1)),
                NEXT_WEEK,
                java.util.Optional.empty(),
                List.of(TreeFixtures.entry(origin, "Packages/a.rpm")));
        byte[] document = SnapshotCodec.encode(v2);
        byte[] otherSignature = tracker.key()
                .sign("something else".getBytes(StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        tracker.serveRaw(v2, document, otherSignature);

        assertThatThrownBy(() -> sync(mirror)).isInstanceOf(SnapshotRejectedException.class);

        assertThat(liveTree()).isEqualTo(before);
    }

    @Test
    void leavesTheTreeAsItWasWhenAFetchedFileDoesNotMatchTheSnapshot() throws Exception {
        publishV1();
        MirrorSync mirror = mirror(CollectionSync.Checkpoints.NONE);
        sync(mirror);
        Map<String, String> before = liveTree();
        publishV2();
        source.corrupt();

        assertThatThrownBy(() -> sync(mirror))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("SHA-256 differs")
                .hasMessageContaining("the tree is unchanged");

        assertThat(liveTree()).isEqualTo(before);
    }
}
