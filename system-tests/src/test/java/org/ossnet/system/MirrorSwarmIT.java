package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;
import tools.jackson.databind.JsonNode;

/**
 * A release reaching five real {@code ossnet mirror run} daemons by swarming: a publisher, an origin ({@code ossnet
 * seed}: its super-seeded swarms and its HTTP tree) and five mirrors, one excluding a directory.
 *
 * <ul>
 *   <li>Version 1, a dnf-like tree of about 200 MiB in a few hundred files, reaches every mirror, verified.
 *   <li>Version 2 changes 1% of the bytes (seven packages get new content, one image a patched block), renames one
 *       file and deletes one. Each mirror receives at most 1.05 times the new content it carries (the new packages
 *       and the pieces the patch touched, since a changed file is fetched starting from the held version; its bytes
 *       received over the network, end-game duplicates included),
 *       and the origin sends at most {@link #ORIGIN_COPIES_BOUND} copies of the new content in all (the block bytes
 *       and HTTP body bytes its {@code --status-file} counts; every byte its process writes, announces and the peer
 *       wire's framing included, is printed beside). Meanwhile a reader per mirror reads its tree over HTTP as dnf would
 *       ({@code repomd.xml}, the primary index it names by hash, the packages the index names) and never finds an
 *       index naming a file that is missing or has other content; and a mirror is named in a changed file's Metalink
 *       only once its tree holds version 2, and is named by the end.
 *   <li>Version 3 adds 40 files; one mirror is SIGKILLed in the middle of fetching them and restarted: it converges on
 *       version 3 without fetching again the files it had verified before the kill.
 * </ul>
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@ExtendWith(SharedNetwork.class)
class MirrorSwarmIT {

    static final int MIRRORS = 5;

    /** What the last mirror leaves out. */
    static final String EXCLUDED = "pool/debug/";

    /** Every mirror holds a version within this of its publish (200 MiB × 5 over loopback, on two busy cores). */
    static final Duration SYNC_WAIT = Duration.ofMinutes(4);

    /**
     * Files a snapshot dropped stay this long: longer than a switch takes, so readers of the old index find them, and
     * short enough for the test to see them go.
     */
    static final Duration GRACE = Duration.ofSeconds(20);

    /** The most copies of a release's new content the origin may send (issue 11): blocks to peers and HTTP bodies. */
    static final double ORIGIN_COPIES_BOUND = 1.2;

    /**
     * The most a restarted mirror may receive, in multiples of what it had not verified as whole files. Verified files
     * are never fetched again (the switch line's count of resumed files shows it). What it fetches anew may come twice
     * where an end game asks two sources for the last blocks of a small file, and the pieces it had verified of the
     * files in flight come again when the kill fell before their resume record was written (every 4 MiB of newly
     * verified data, so never for these 1 MiB files): 1.00–1.02 idle, 1.08 and 1.16 at loads of 20 and more.
     */
    static final double RESTART_BOUND = 1.25;

    /** The registry checks a claim within this of the switch. */
    static final Duration VERIFY_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void fiveMirrorsTakeAReleaseFromEachOtherSwitchWholeAndRecoverFromSigkill(LocalNetwork network) throws Exception {
        // The measured bounds are checked softly, so one run reports all of them; what is held is checked at once.
        var soft = new org.assertj.core.api.SoftAssertions();
        URI tracker = network.url(ServiceKind.TRACKER);
        String collection = network.demo().toString().replaceFirst("/demo$", "/swarmed");
        String mount = String.join("/", OssnetName.parse(collection).segments());
        Path originTree = work.resolve("origin/tree");
        DnfTree repo = new DnfTree(originTree);
        repo.writeVersion1();
        int originPort = FreePorts.pick(InetAddress.getLoopbackAddress());
        Agent publisher = new Agent(
                Files.createDirectories(work.resolve("publisher")), Map.of("OSSNET_TOKEN", network.publisherToken()));
        SeedIT.publish(publisher, originTree, collection, tracker, originPort);
        Agent originAgent = new Agent(Files.createDirectories(work.resolve("origin/home")), Map.of());
        Path originStatus = work.resolve("origin/status.json");
        try (Agent.Background origin = originAgent.start(
                "seed",
                originTree.toString(),
                "--collection",
                collection,
                "--tracker",
                tracker.toString(),
                "--listen",
                "127.0.0.1:0",
                "--http",
                "127.0.0.1:" + originPort,
                "--refresh",
                "1s",
                "--status-interval",
                "1s",
                "--status-file",
                originStatus.toString())) {
            origin.awaitOutput(" swarms of " + collection, Duration.ofMinutes(3));
            List<SwarmMirror> mirrors = new ArrayList<>();
            try {
                for (int i = 1; i <= MIRRORS; i++) {
                    mirrors.add(SwarmMirror.start(
                            work.resolve("mirror-" + i), i, tracker, collection, i == MIRRORS ? EXCLUDED : null));
                }
                // ---- version 1 reaches every mirror, verified
                Snapshot v1 = current(collection, DnfTree.REPOMD);
                byte[] document1 = MirrorMetalinkInteropIT.fetch(
                        entry(collection, DnfTree.REPOMD).snapshot());
                long originBefore = writtenBy(origin);
                SeedStatus sentBefore = status(originStatus);
                awaitAllHold(mirrors, mount, document1, "version 1");
                long originV1 = writtenBy(origin) - originBefore;
                long sentV1 = status(originStatus).sentBytes() - sentBefore.sentBytes();
                for (SwarmMirror m : mirrors) {
                    assertThat(MirrorDaemons.holds(m.tree().resolve(mount), v1, m.rules()))
                            .as("mirror %d holds every file of version 1 it carries, verified", m.number())
                            .isTrue();
                }
                assertThat(mirrors.getLast().tree().resolve(mount).resolve(EXCLUDED))
                        .as("the excluded directory")
                        .doesNotExist();
                awaitVerified(network, mirrors, 1);
                System.out.printf(
                        "version 1, %d bytes: the origin sent %d bytes of data (%.3f copies), wrote %d bytes in all"
                                + " (%.3f) for %d mirrors%n",
                        repo.bytes(),
                        sentV1,
                        (double) sentV1 / repo.bytes(),
                        originV1,
                        (double) originV1 / repo.bytes(),
                        MIRRORS);

                // ---- version 2: 1% new content, a rename, a deletion; readers and the Metalink watched throughout
                DnfTree.Change change = repo.writeVersion2();
                long[] receivedBefore = received(mirrors, collection);
                long originBefore2 = writtenBy(origin);
                SeedStatus sentBefore2 = status(originStatus);
                Snapshot[] version2 = new Snapshot[1];
                byte[][] document2 = new byte[1][];
                try (var readers = TreeReaders.start(mirrors, mount, EXCLUDED, repo.contentOf(change.changed()));
                        var watcher = MetalinkWatch.start(
                                () -> entry(collection, change.changed().getFirst()), mirrors, mount)) {
                    SeedIT.publish(publisher, originTree, collection, tracker, originPort);
                    NsEntry entry2 = entry(collection, DnfTree.REPOMD);
                    assertThat(entry2.version()).isEqualTo(2);
                    document2[0] = MirrorMetalinkInteropIT.fetch(entry2.snapshot());
                    version2[0] = MirrorMetalinkInteropIT.decode(document2[0]);
                    watcher.expect(document2[0]);
                    awaitAllHold(mirrors, mount, document2[0], "version 2");
                    long originV2 = writtenBy(origin) - originBefore2;
                    SeedStatus sentAfter2 = status(originStatus);
                    long sentV2 = sentAfter2.sentBytes() - sentBefore2.sentBytes();
                    long httpV2 = sentAfter2.httpBodyBytes() - sentBefore2.httpBodyBytes();
                    awaitVerified(network, mirrors, 2);
                    Await.until(
                            () -> watcher.listed().size() == MIRRORS,
                            VERIFY_WAIT,
                            Duration.ofMillis(500),
                            () -> "the changed file's Metalink never named every mirror: " + watcher.listed());
                    readers.stop();
                    watcher.stop();

                    long newContent = repo.newContentBytes(version2[0], v1);
                    System.out.printf(
                            "version 2: %d bytes of new content; the origin sent %d bytes of data (%.3f copies), %d of"
                                    + " them HTTP bodies, and wrote %d bytes in all (%.3f); its last status: %s%n",
                            newContent,
                            sentV2,
                            (double) sentV2 / newContent,
                            httpV2,
                            originV2,
                            (double) originV2 / newContent,
                            origin.output().strip().lines().reduce((a, b) -> b).orElse(""));
                    long[] receivedAfter = received(mirrors, collection);
                    for (SwarmMirror m : mirrors) {
                        long got = receivedAfter[m.number() - 1] - receivedBefore[m.number() - 1];
                        long carried = repo.newContentBytes(version2[0], v1, m.rules());
                        System.out.printf(
                                "  mirror %d received %d bytes for %d of new content it carries (%.3fx)%n",
                                m.number(), got, carried, (double) got / carried);
                        soft.assertThat(got)
                                .as("bytes mirror %d received for version 2", m.number())
                                .isLessThanOrEqualTo((long) (1.05 * carried));
                        assertThat(MirrorDaemons.holds(m.tree().resolve(mount), version2[0], m.rules()))
                                .isTrue();
                    }
                    soft.assertThat(sentV2)
                            .as("bytes of data the origin sent for version 2")
                            .isLessThanOrEqualTo((long) (ORIGIN_COPIES_BOUND * newContent));
                    System.out.printf("readers: %s; Metalink: %s%n", readers.summary(), watcher.summary());
                    soft.assertThat(readers.violations()).isEmpty();
                    soft.assertThat(readers.readsOf(1))
                            .as("index reads of version 1")
                            .isPositive();
                    soft.assertThat(readers.readsOf(2))
                            .as("index reads of version 2")
                            .isPositive();
                    soft.assertThat(watcher.violations()).isEmpty();
                }

                // ---- version 3: one mirror SIGKILLed mid-fetch converges without fetching verified files again
                DnfTree.Change added = repo.writeVersion3();
                SwarmMirror killed = mirrors.getFirst();
                SeedIT.publish(publisher, originTree, collection, tracker, originPort);
                NsEntry entry3 = entry(collection, DnfTree.REPOMD);
                byte[] document3 = MirrorMetalinkInteropIT.fetch(entry3.snapshot());
                Snapshot version3 = MirrorMetalinkInteropIT.decode(document3);
                Path stage = killed.staging().resolve(mount).resolve("v3");
                List<String> stagedAtKill = awaitStagedThenKill(killed, stage, added.changed());
                Map<String, SnapshotFile> files3 = byPath(version3);
                long stagedBytes = stagedAtKill.stream()
                        .mapToLong(p -> files3.get(p).size())
                        .sum();
                SwarmMirror restarted = killed.restart();
                mirrors.set(0, restarted);
                awaitAllHold(mirrors, mount, document3, "version 3");
                assertThat(MirrorDaemons.holds(restarted.tree().resolve(mount), version3, restarted.rules()))
                        .isTrue();
                try (Stream<Path> files = Files.walk(restarted.tree())) {
                    assertThat(files.map(Path::toString).filter(p -> p.endsWith(".ossnet-part")))
                            .isEmpty();
                }
                long afterRestart = received(List.of(restarted), collection)[0];
                long newIn3 = repo.newContentBytes(version3, version2[0]);
                System.out.printf(
                        "version 3: %d bytes new; %d files (%d bytes) verified when mirror 1 was killed; it "
                                + "received %d bytes after its restart%n",
                        newIn3, stagedAtKill.size(), stagedBytes, afterRestart);
                java.util.regex.Matcher switched = java.util.regex.Pattern.compile(
                                "switched \\S+ to version 3 \\(\\d+ kept, \\d+ linked, (\\d+) resumed, \\d+ fetched\\)")
                        .matcher(restarted.daemon().output());
                assertThat(switched.find()).as(restarted.daemon().output()).isTrue();
                assertThat(Integer.parseInt(switched.group(1)))
                        .as("files verified before the kill, taken as they were staged")
                        .isGreaterThanOrEqualTo(stagedAtKill.size());
                soft.assertThat(afterRestart)
                        .as("bytes received after the restart, for %d bytes not yet verified", newIn3 - stagedBytes)
                        .isLessThanOrEqualTo((long) (RESTART_BOUND * (newIn3 - stagedBytes)));

                // ---- what the operator sees; the renamed and deleted files gone after the grace period; SIGTERM
                SwarmMirror second = mirrors.get(1);
                assertThat(MirrorDaemons.status(second.agent(), second.config()))
                        .contains(collection, "held 3  latest 3", "(unofficial)");
                for (String dropped : List.of(DnfTree.RENAMED_FROM, DnfTree.DELETED)) {
                    Await.until(
                            () -> !Files.exists(second.tree().resolve(mount).resolve(dropped)),
                            GRACE.plus(VERIFY_WAIT),
                            () -> dropped + " outlived its grace period");
                }
                long stopping = System.nanoTime();
                assertThat(second.daemon().stop())
                        .as("the JVM's exit on SIGTERM")
                        .isEqualTo(143);
                soft.assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(10));
                soft.assertAll();
            } finally {
                for (SwarmMirror m : mirrors) {
                    m.daemon().close();
                }
            }
        }
    }

    static NsEntry entry(String collection, String path) {
        try {
            return Origin.entry(collection, path);
        } catch (Exception e) {
            throw new AssertionError("cannot resolve " + path + ": " + e, e);
        }
    }

    static Snapshot current(String collection, String path) throws Exception {
        return MirrorMetalinkInteropIT.decode(
                MirrorMetalinkInteropIT.fetch(entry(collection, path).snapshot()));
    }

    /**
     * Every byte the process wrote but its own output: {@code wchar} of {@code /proc/PID/io} (sockets and files: the
     * peer wire, HTTP, announces, its home) less what its standard output and error grew by (status and access log).
     */
    static long writtenBy(Agent.Background process) throws IOException {
        for (String line :
                Files.readAllLines(Path.of("/proc/" + process.process().pid() + "/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring("wchar:".length()).strip())
                        - Files.size(process.out())
                        - Files.size(process.err());
            }
        }
        throw new IOException("no wchar in /proc/" + process.process().pid() + "/io");
    }

    /** The origin's status as written after now: what it sent until now. */
    static SeedStatus status(Path file) throws InterruptedException {
        return SeedStatus.await(file, Instant.now(), s -> true, Duration.ofSeconds(30));
    }

    /** Each mirror's bytes received over the network for {@code collection}, from its state file. */
    static long[] received(List<SwarmMirror> mirrors, String collection) throws IOException {
        long[] received = new long[mirrors.size()];
        for (int i = 0; i < mirrors.size(); i++) {
            JsonNode state = MirrorMetalinkInteropIT.JSON.readTree(
                    Files.readString(mirrors.get(i).state()));
            for (var field : state.path("collections").properties()) {
                if (field.getKey().replaceAll("/$", "").equals(collection)) {
                    received[i] = field.getValue().path("bytesDown").asLong();
                }
            }
        }
        return received;
    }

    /** Waits until every mirror's tree serves {@code document} (switched in last) and its state file says so. */
    static void awaitAllHold(List<SwarmMirror> mirrors, String mount, byte[] document, String what)
            throws InterruptedException {
        long version = MirrorMetalinkInteropIT.decode(document).version();
        for (SwarmMirror m : mirrors) {
            Await.until(
                    MirrorDaemons.throttled(
                            m.daemon(),
                            () -> MirrorDaemons.sameBytes(
                                            m.tree().resolve(mount).resolve(".ossnet/snapshot.json"), document)
                                    && m.heldInState(version)),
                    SYNC_WAIT,
                    () -> "mirror " + m.number() + " never held " + what + "\n"
                            + MirrorDaemons.describe(m.daemon(), m.tree()));
        }
    }

    static void awaitVerified(LocalNetwork network, List<SwarmMirror> mirrors, long version)
            throws InterruptedException {
        for (SwarmMirror m : mirrors) {
            Await.until(
                    MirrorDaemons.throttled(
                            m.daemon(), () -> MirrorDaemons.verifiedVersion(network, m.baseUrl()) == version),
                    VERIFY_WAIT,
                    () -> "the tracker never verified mirror " + m.number() + " for version " + version + "\n"
                            + MirrorMetalinkInteropIT.mirrors(network));
        }
    }

    /**
     * Waits until {@code mirror} has verified (staged) at least a fifth of {@code files} but not all, kills it with
     * SIGKILL and returns the files staged at that moment.
     */
    static List<String> awaitStagedThenKill(SwarmMirror mirror, Path stage, List<String> files)
            throws InterruptedException {
        Await.until(
                () -> staged(stage, files).size() >= files.size() / 5,
                SYNC_WAIT,
                Duration.ofMillis(20),
                () -> "mirror " + mirror.number() + " never staged a fifth of version 3's new files");
        mirror.daemon().process().destroyForcibly();
        mirror.daemon().process().waitFor(30, TimeUnit.SECONDS);
        // A file staged in the moment before the kill counts as verified before it: recount once the process is gone.
        List<String> atKill = staged(stage, files);
        assertThat(atKill.size())
                .as("files staged when the mirror was killed: the kill must land mid-fetch")
                .isLessThan(files.size());
        return atKill;
    }

    /** Which of {@code files} are staged, verified, in {@code stage}. */
    static List<String> staged(Path stage, List<String> files) {
        return files.stream().filter(p -> Files.isRegularFile(stage.resolve(p))).toList();
    }

    /** {@code snapshot}'s files as a map by path, for lookups. */
    static Map<String, SnapshotFile> byPath(Snapshot snapshot) {
        Map<String, SnapshotFile> files = new java.util.HashMap<>();
        snapshot.files().forEach(f -> files.put(f.path().path(), f));
        return files;
    }

    /** One mirror daemon with its files. */
    record SwarmMirror(
            int number, Path root, URI baseUrl, CarryRules rules, Path config, Agent agent, Agent.Background daemon) {

        static SwarmMirror start(Path root, int number, URI tracker, String collection, String excluded)
                throws Exception {
            URI baseUrl = URI.create("http://127.0.0.1:" + FreePorts.pick(InetAddress.getLoopbackAddress()) + "/");
            Files.createDirectories(root);
            Path config = Files.writeString(root.resolve("mirror.conf"), """
                    tree = tree
                    http = 127.0.0.1:%d
                    peers = 127.0.0.1:0
                    tracker = %s
                    base-url = %s
                    grace = %ds
                    poll = 2s
                    name = MirrorSwarmIT %d
                    state = state/mirror-state.json

                    [collection %s]
                    %s
                    """.formatted(
                            baseUrl.getPort(),
                            tracker,
                            baseUrl,
                            GRACE.toSeconds(),
                            number,
                            collection,
                            excluded == null ? "" : "exclude = " + excluded));
            CarryRules rules = excluded == null ? CarryRules.ALL : CarryRules.parse(List.of("- " + excluded));
            Agent agent = new Agent(Files.createDirectories(root.resolve("home")), Map.of());
            return new SwarmMirror(number, root, baseUrl, rules, config, agent, null).restart();
        }

        /** The same mirror with its daemon started (again) on its files. */
        SwarmMirror restart() throws Exception {
            return new SwarmMirror(
                    number,
                    root,
                    baseUrl,
                    rules,
                    config,
                    agent,
                    agent.start("mirror", "run", "--config", config.toString()));
        }

        Path tree() {
            return root.resolve("tree");
        }

        Path staging() {
            return root.resolve("tree.ossnet-staging");
        }

        Path state() {
            return root.resolve("state/mirror-state.json");
        }

        boolean heldInState(long version) {
            try {
                JsonNode state = MirrorMetalinkInteropIT.JSON.readTree(Files.readString(state()));
                for (var field : state.path("collections").properties()) {
                    if (field.getValue().path("held").asLong() >= version) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
