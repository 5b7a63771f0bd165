package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * {@code ossnet seed}, the real jar, seeds a published tree that lacks one file: it says so and seeds the rest; a real
 * {@code ossnet get} downloads from it and the SHA-256 matches; a newer snapshot with an added file is picked up at
 * the next refresh and that file can be fetched too; on SIGTERM it tells the tracker it stopped. A tree holding
 * nothing of the snapshot is refused with exit 12. On the shared network, in a collection of its own, {@code seedit}.
 */
@ExtendWith(SharedNetwork.class)
class SeedIT {

    @TempDir
    Path work;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void seedsWhatItHoldsSkipsWhatItLacksAndFollowsNewSnapshots(LocalNetwork network) throws Exception {
        URI tracker = network.url(ServiceKind.TRACKER);
        String collection = "ossnet://" + tracker.getAuthority() + "/seedit";
        int httpPort = FreePorts.pick(InetAddress.getLoopbackAddress());
        Path published = Files.createDirectories(work.resolve("published"));
        Path seedDir = Files.createDirectories(work.resolve("seed"));
        write(published.resolve("pool/a.bin"), 3 << 20, 1);
        write(published.resolve("lacking.bin"), 100_000, 2);
        copy(published, seedDir, "pool/a.bin");
        Agent publisher = new Agent(
                Files.createDirectories(work.resolve("publisher")), Map.of("OSSNET_TOKEN", network.publisherToken()));
        publish(publisher, published, collection, tracker, httpPort);

        Agent seeder = new Agent(Files.createDirectories(work.resolve("seeder")), Map.of());
        Path statusFile = work.resolve("seed-status.json");
        Agent.Result nothing = seeder.run(
                "seed",
                Files.createDirectories(work.resolve("empty")).toString(),
                "--collection",
                collection,
                "--listen",
                "127.0.0.1:0",
                "--no-http");
        assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(12);
        assertThat(nothing.out()).contains("skipped pool/a.bin: missing");
        assertThat(nothing.err()).contains("nothing to seed");

        try (Agent.Background seed = seeder.start(
                "seed",
                seedDir.toString(),
                "--collection",
                collection,
                "--tracker",
                tracker.toString(),
                "--listen",
                "127.0.0.1:0",
                "--http",
                "127.0.0.1:" + httpPort,
                "--refresh",
                "1s",
                "--status-interval",
                "1s",
                "--status-file",
                statusFile.toString())) {
            seed.awaitOutput("seeding 1 swarm of " + collection, Duration.ofMinutes(2));
            assertThat(seed.output()).contains("skipped lacking.bin: missing").contains("seeding pool/a.bin");
            assertThat(seed.output())
                    .as("the torrents' web seed is this seeder")
                    .doesNotContain("note:");
            assertThat(HttpProbe.get(URI.create("http://127.0.0.1:" + httpPort + "/pool/a.bin"))
                            .status())
                    .as("served at the web seed's path")
                    .isEqualTo(200);
            InfoHash a = SwarmProbe.infoHash(tracker, "seedit/pool/a.bin");
            SwarmProbe.awaitSeeds(tracker, a, n -> n >= 1, Duration.ofSeconds(30));

            Agent client = new Agent(Files.createDirectories(work.resolve("client")), Map.of());
            Path downloads = Files.createDirectories(work.resolve("downloads"));
            Agent.Result first =
                    client.run("get", collection + "/pool/a.bin", "-o", downloads.toString(), "--bind", "127.0.0.1");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(GetIT.sha256(downloads.resolve("a.bin")))
                    .isEqualTo(GetIT.sha256(published.resolve("pool/a.bin")));
            long size = Files.size(published.resolve("pool/a.bin"));
            SeedStatus afterFirst =
                    SeedStatus.await(statusFile, Instant.now(), s -> s.sentBytes() >= 2 * size, Duration.ofSeconds(30));
            assertThat(afterFirst.httpBodyBytes())
                    .as("the probe's GET, and what the get took from the web seed")
                    .isGreaterThanOrEqualTo(size);
            assertThat(afterFirst.sentBytes())
                    .as("the probe's copy and the get's, each at most once over and a request's worth")
                    .isLessThanOrEqualTo(2 * size + (1 << 20));
            assertThat(afterFirst.swarms()).isEqualTo(1);

            write(published.resolve("pool/new.bin"), 2 << 20, 3);
            copy(published, seedDir, "pool/new.bin");
            publish(publisher, published, collection, tracker, httpPort);
            seed.awaitOutput("seeding pool/new.bin", Duration.ofSeconds(60));
            InfoHash added = SwarmProbe.infoHash(tracker, "seedit/pool/new.bin");
            SwarmProbe.awaitSeeds(tracker, added, n -> n >= 1, Duration.ofSeconds(30));

            Agent.Result second =
                    client.run("get", collection + "/pool/new.bin", "-o", downloads.toString(), "--bind", "127.0.0.1");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(GetIT.sha256(downloads.resolve("new.bin")))
                    .isEqualTo(GetIT.sha256(published.resolve("pool/new.bin")));
            seed.awaitOutput("2 swarms  peers", Duration.ofSeconds(30));
            assertThat(seed.output()).contains("version 2 of " + collection);

            Instant stopping = Instant.now();
            assertThat(seed.stop()).as("the JVM's exit on SIGTERM").isEqualTo(143);
            assertThat(SeedStatus.read(statusFile).updated())
                    .as("written once more at exit")
                    .isAfter(stopping);
            SwarmProbe.awaitSeeds(tracker, added, n -> n == 0, Duration.ofSeconds(30));
        }
    }

    static void publish(Agent publisher, Path tree, String collection, URI tracker, int httpPort, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "publish",
                tree.toString(),
                "--collection",
                collection,
                "--tracker",
                tracker.toString(),
                "--origin-url",
                "http://127.0.0.1:" + httpPort + "/"));
        args.addAll(List.of(more));
        Agent.Result result = publisher.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    static void write(Path file, int size, long seed) throws Exception {
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.write(file, bytes);
    }

    static void copy(Path from, Path to, String path) throws Exception {
        Files.createDirectories(to.resolve(path).getParent());
        Files.copy(from.resolve(path), to.resolve(path));
    }
}
