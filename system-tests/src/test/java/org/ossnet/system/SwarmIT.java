package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * Issue 4's loopback swarm: the origin ({@code ossnet seed}, upload capped so the swarm matters) and six agents fetch
 * a 64 MiB file through the real tracker. Three agents are the real jar: A is killed (SIGKILL) half-way and resumes
 * from its verified pieces, B has upload off, C uploads at most 2 MiB/s. Three are {@link Leecher}s in this process,
 * the other peers that measure what each agent sent them. A malicious peer on 127.0.0.2 (another host, as far as
 * whole-address bans go) announces itself as a seed and answers every request with garbage: the first observer meets
 * it alone before joining the swarm, so it bans it by construction; nobody bans an honest peer, and every copy
 * verifies. Then, with the origin, A, B and the observers gone, a fresh leecher whose only possible source is C
 * measures C's cap over 10 s — which also shows that an observer sees what an uploading agent sends, the counterpart
 * of B's zero.
 *
 * <p>Each property holds by construction, not by the usual outcome of a race on a busy machine: no assertion depends on
 * which peer an observer happened to fetch from.
 *
 * <p>On the shared network, whose short announce intervals let agents that start later learn of each other within
 * seconds, in a collection of its own, {@code swarmit}.
 */
@ExtendWith(SharedNetwork.class)
class SwarmIT {

    static final int FILE_SIZE = 64 << 20;
    static final long CAP = 2L << 20;
    static final String FILE = "big.bin";
    /** The observers' download cap, so that the swarm lasts long enough for C to have pieces they lack. */
    static final long DOWNLOAD_CAP = 6L << 20;

    static final Pattern PERCENT = Pattern.compile("\\((\\d+)%\\)");
    static final Pattern RECEIVED = Pattern.compile("; ([0-9.]+) (B|KiB|MiB|GiB) received in");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void sixAgentsResumeBanACorruptPeerAndKeepTheirUploadSettings(LocalNetwork network) throws Exception {
        URI tracker = network.url(ServiceKind.TRACKER);
        String collection = "ossnet://" + tracker.getAuthority() + "/swarmit";
        OssnetName name = OssnetName.parse(collection + "/" + FILE);
        Path published = Files.createDirectories(work.resolve("published"));
        SeedIT.write(published.resolve(FILE), FILE_SIZE, 64);
        String sha256 = GetIT.sha256(published.resolve(FILE));
        publish(network, published, collection, tracker);
        Metainfo torrent = Leecher.metainfo(Leecher.entry(name));
        InfoHash infoHash = torrent.infoHash();

        // No web seed and no HTTP: whatever the agents get comes over the peer wire, the origin's at 8 MiB/s.
        Agent origin = agent("origin");
        try (Agent.Background seed = origin.start(
                        "seed",
                        published.toString(),
                        "--collection",
                        collection,
                        "--tracker",
                        tracker.toString(),
                        "--listen",
                        "127.0.0.1:0",
                        "--no-http",
                        "--upload-rate",
                        "8M",
                        "--status-interval",
                        "2s");
                Impostor evil = Impostor.start(torrent)) {
            seed.awaitOutput("seeding 1 swarm of " + collection, Duration.ofMinutes(2));
            SwarmProbe.awaitSeeds(tracker, infoHash, n -> n >= 1, Duration.ofSeconds(60));
            SwarmProbe.awaitSeeds(tracker, infoHash, n -> n >= 2, Duration.ofSeconds(30));

            List<Leecher> observers = new ArrayList<>();
            Agent a = agent("a");
            Agent b = agent("b");
            Agent c = agent("c");
            try (Agent.Background firstA = a.start(get(name, "a", "--download-rate", "4M"));
                    Agent.Background getB = b.start(get(name, "b", "--peer-id-prefix", "-ONOFF0-"));
                    Agent.Background getC = c.start(get(
                            name, "c", "--upload-rate", "2M", "--seed-time", "10m", "--peer-id-prefix", "-ONCAP0-"))) {
                // The first observer meets the corrupting peer alone, so it bans it by construction, and
                // only then joins the swarm through the tracker to finish from honest peers.
                Leecher victim = Leecher.open(
                        DOWNLOAD_CAP, name, work.resolve("observer-0").resolve(FILE), "-OBS000-");
                observers.add(victim);
                InetSocketAddress evilAddress = evil.address();
                victim.dial(evilAddress);
                Await.until(
                        () -> victim.session().bannedAddresses().contains(evilAddress),
                        Duration.ofSeconds(60),
                        () -> "the observer alone with the corrupting peer never banned it: "
                                + victim.session().progress() + ", blocks it was sent: " + evil.blocksSent());
                victim.announce();
                for (int i = 1; i < 3; i++) {
                    observers.add(Leecher.start(
                            DOWNLOAD_CAP, name, work.resolve("observer-" + i).resolve(FILE), "-OBS00" + i + "-"));
                }

                // A: SIGKILL half-way, then the same command again resumes from the verified pieces.
                awaitPercent(firstA, 50);
                firstA.process().destroyForcibly().waitFor();
                assertThat(work.resolve("a-out")).isDirectoryContaining("glob:**.ossnet-part");
                Agent.Result secondA = a.run(get(name, "a", "--download-rate", "4M"));
                assertThat(secondA.exitCode()).as(secondA.toString()).isZero();
                assertThat(GetIT.sha256(work.resolve("a-out").resolve(FILE))).isEqualTo(sha256);
                assertThat(received(secondA.out()))
                        .as("the resumed run fetches only what the killed one had not verified\n" + secondA)
                        .isLessThan(FILE_SIZE * 3L / 4);

                // B: upload off, so none of the other peers received a byte from it.
                assertThat(getB.process().waitFor(3, TimeUnit.MINUTES)).isTrue();
                assertThat(getB.process().exitValue()).as(log(getB)).isZero();
                assertThat(GetIT.sha256(work.resolve("b-out").resolve(FILE))).isEqualTo(sha256);

                getC.awaitOutput("seeding for", Duration.ofMinutes(3));
                assertThat(GetIT.sha256(work.resolve("c-out").resolve(FILE))).isEqualTo(sha256);
                for (Leecher observer : observers) {
                    TorrentSession s = observer.session();
                    assertThat(GetIT.sha256(s.completion().get(3, TimeUnit.MINUTES)))
                            .isEqualTo(sha256);
                    assertThat(s.bytesReceivedFromPeersStartingWith("-ONOFF0-"))
                            .as(() -> "bytes an observer received from B, whose upload is off" + sources(observers))
                            .isZero();
                    // Nobody banned an honest peer: whatever an observer banned is the corrupting peer.
                    assertThat(s.bannedAddresses())
                            .as("the addresses an observer banned")
                            .allMatch(banned -> banned.getAddress().equals(evilAddress.getAddress()));
                }
                assertThat(getB.output())
                        .as("B's own count of what it uploaded")
                        .contains("uploaded 0 bytes");

                // C's cap, measured at a fresh leecher that has nobody else to download from.
                for (Leecher observer : observers) {
                    observer.close();
                }
                observers.clear();
                evil.close();
                assertThat(seed.stop()).isEqualTo(143);
                measureCap(name);
            } finally {
                for (Leecher observer : observers) {
                    observer.close();
                }
            }
        }
    }

    private void measureCap(OssnetName name) throws Exception {
        try (Leecher probe =
                Leecher.start(TokenBucket.UNLIMITED, name, work.resolve("probe").resolve(FILE), "-PROBE0-")) {
            TorrentSession s = probe.session();
            Await.until(
                    () -> s.bytesReceivedFromPeersStartingWith("-ONCAP0-") > 0,
                    Duration.ofSeconds(60),
                    () -> "the probe never got a block from C");
            // A warm-up past the bucket's initial burst, then a fixed window: the measurement itself.
            Thread.sleep(3_000);
            long start = s.bytesReceivedFromPeersStartingWith("-ONCAP0-");
            long startNanos = System.nanoTime();
            Thread.sleep(10_000);
            long bytes = s.bytesReceivedFromPeersStartingWith("-ONCAP0-") - start;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            System.out.printf(
                    "SwarmIT: %d bytes from C in %.2f s (cap %d B/s: %.3f of it)%n",
                    bytes, seconds, CAP, bytes / (CAP * seconds));
            // C keeps sending, so the two counters are read an instant apart and one read may land between a block's
            // two increments: they must agree at some read (they always would if C were the only source, never if
            // another peer had sent anything), not at the first.
            Await.until(
                    () -> s.progress().downloadedBytes() == s.bytesReceivedFromPeersStartingWith("-ONCAP0-"),
                    Duration.ofSeconds(30),
                    () -> "C is not the probe's only source: " + s.progress().downloadedBytes() + " bytes in all, "
                            + s.bytesReceivedFromPeersStartingWith("-ONCAP0-") + " from C");
            assertThat((double) bytes)
                    .as("bytes from C in %.2f s at a cap of %d B/s", seconds, CAP)
                    .isBetween(0.9 * CAP * seconds, 1.1 * CAP * seconds);
        }
    }

    /** Whom each observer received how many bytes from, for failure messages. */
    private static String sources(List<Leecher> observers) {
        StringBuilder text = new StringBuilder();
        for (Leecher observer : observers) {
            TorrentSession s = observer.session();
            text.append("\n  ").append(s.progress());
            for (String prefix : List.of(
                    "-ON0001-", "-ONCAP0-", "-ONOFF0-", "-OBS000-", "-OBS001-", "-OBS002-", Impostor.PEER_ID_PREFIX)) {
                text.append("\n    ").append(prefix).append(' ').append(s.bytesReceivedFromPeersStartingWith(prefix));
            }
        }
        return text.toString();
    }

    private String[] get(OssnetName name, String agent, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "get",
                name.format(),
                "-o",
                work.resolve(agent + "-out").toString(),
                "--bind",
                "127.0.0.1",
                "--timeout",
                "4m",
                "--progress",
                "lines",
                "--progress-interval",
                "500ms"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private Agent agent(String name) throws Exception {
        return new Agent(Files.createDirectories(work.resolve(name)), Map.of());
    }

    private static void awaitPercent(Agent.Background get, int percent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Matcher m = PERCENT.matcher(get.output());
            int last = -1;
            while (m.find()) {
                last = Integer.parseInt(m.group(1));
            }
            if (last >= percent) {
                // Only "not yet complete" matters (the part file is checked next): a slow poll on a busy machine may
                // land later than half-way, and the resumed run still has less than the whole file to fetch.
                assertThat(last).as("killed before the end").isLessThan(100);
                return;
            }
            if (!get.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("A never reached " + percent + "%\n" + log(get));
            }
            Thread.sleep(100);
        }
    }

    /** The bytes the summary line says were received. */
    private static long received(String out) {
        Matcher m = RECEIVED.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "B" -> 0;
            case "KiB" -> 10;
            case "MiB" -> 20;
            default -> 30;
        };
        return (long) (value * (1L << shift));
    }

    private static String log(Agent.Background agent) {
        try {
            return "--- out\n" + agent.output() + "\n--- err\n" + Files.readString(agent.err());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private void publish(LocalNetwork network, Path tree, String collection, URI tracker) throws Exception {
        Agent publisher = new Agent(
                Files.createDirectories(work.resolve("publisher")), Map.of("OSSNET_TOKEN", network.publisherToken()));
        Agent.Result result =
                publisher.run("publish", tree.toString(), "--collection", collection, "--tracker", tracker.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }
}
