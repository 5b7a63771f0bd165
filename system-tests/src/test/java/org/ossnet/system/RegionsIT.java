package org.ossnet.system;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.LocalNetworkOptions;
import org.ossnet.testsupport.local.ServiceKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three cost regions on loopback address ranges (127.1/16, 127.2/16, 127.3/16), a regional tracker each
 * (region-service) beside the master: four agents per region, each with an address of its region ({@code --bind}),
 * fetch one file first seeded only in region 1, with the regional hand-out and with random hand-out, and the
 * per-peer byte reports say how many copies of the file crossed into each region. Each regional run must bring at
 * most 1.3 copies into each region, and its last agent must finish, on the mean of the regional runs, within 1.3× of
 * the random runs'. The timed runs go regional, random, regional: on two shared cores the box's pace drifts from one
 * run to the next by more than the hand-out changes it, and runs on both sides of the random one make a steady drift
 * cancel out. In every run the master is killed once every agent receives; after the first regional one, a new host
 * downloads with the master down, and the master returns.
 */
@EnabledIfSystemProperty(
        named = "ossnet.regions",
        matches = "true",
        disabledReason = "skipped with -Dossnet.regions=false (it runs by default)")
class RegionsIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ADMIN = "regions-it-admin-token-0123456789abcdef";
    static final String PASSPHRASE = "regions-it-tracker-passphrase-0123456789";
    static final int FILE_MB = Integer.getInteger("ossnet.regions.fileMb", 128);
    static final int AGENTS_PER_REGION = 4;
    static final List<String> REGIONS = List.of("r1", "r2", "r3");
    /** Longer than any run: the agents seed until the test stops them, once every one has the file. */
    static final Duration SEED_TIME = Duration.ofMinutes(15);
    /** How a stopped agent exits: by SIGTERM, after writing its peer report. */
    static final int STOPPED = 128 + 15;
    /** The longest wait for a quiet machine before each timed run. */
    static final Duration QUIET_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    /** What one run measured: {@code label} names the run, {@code handout} its hand-out. */
    record Run(String label, String handout, Map<String, Double> copiesInto, Duration last) {}

    @Test
    void keepsBytesInsideRegionsWithoutStarvingAny() throws Exception {
        Map<String, String> trackerEnvironment = new LinkedHashMap<>(SharedNetwork.TRACKER_ENVIRONMENT);
        trackerEnvironment.put("OSSNET_TRACKER_BOOTSTRAP_ADMIN_TOKEN", ADMIN);
        trackerEnvironment.put("OSSNET_TRACKER_REGIONS_CHECKINTERVAL", "2s");
        try (LocalNetwork network = LocalNetwork.start(LocalNetworkOptions.defaults(Agent.REPOSITORY)
                .withFreePorts()
                .withWorkDirectory(work.resolve("network"))
                .withEnvironment(ServiceKind.TRACKER, trackerEnvironment))) {
            phase("the network is up");
            URI master = network.url(ServiceKind.TRACKER);
            JsonNode discovery = JSON.readTree(get(master.resolve("/.well-known/ossnet.json")));
            Path publisherKey = work.resolve("publisher.asc");
            Files.writeString(
                    publisherKey,
                    discovery.get("publisherKeys").get(0).get("armored").asString());

            admin(master, "PUT", "/api/v1/regions/r1", Map.of("prefixes", List.of("127.1.0.0/16")));
            admin(master, "PUT", "/api/v1/regions/r2", Map.of("prefixes", List.of("127.2.0.0/16")));
            admin(master, "PUT", "/api/v1/regions/r3", Map.of("prefixes", List.of("127.3.0.0/16")));
            admin(
                    master,
                    "PUT",
                    "/api/v1/region-costs",
                    Map.of(
                            "defaultCost",
                            10,
                            "costs",
                            List.of(
                                    Map.of("from", "r1", "to", "r2", "cost", 3),
                                    Map.of("from", "r2", "to", "r1", "cost", 3))));
            Map<String, URI> regional = new LinkedHashMap<>();
            Map<String, Map<String, String>> regionEnvironment = new LinkedHashMap<>();
            for (int r = 1; r <= 3; r++) {
                String name = "r" + r;
                String host = "127." + r + ".0.1";
                URI url = URI.create("http://" + host + ":" + FreePorts.pick(InetAddress.getByName(host)) + "/");
                SigningKey key = SigningKey.generate("Regional tracker " + name + " <" + name + "@localhost>");
                Path keyFile = work.resolve(name + ".key");
                Files.writeString(keyFile, key.exportSecretKey(PASSPHRASE.toCharArray()));
                admin(
                        master,
                        "PUT",
                        "/api/v1/regions/" + name + "/delegation",
                        Map.of(
                                "trackers", List.of(url.toString()),
                                "announce", List.of(url + "announce"),
                                "trackerPublicKey", key.publicKey().armored()));
                Map<String, String> env = new LinkedHashMap<>();
                env.put("OSSNET_REGION_PUBLISHER_KEY_FILE", publisherKey.toString());
                env.put("OSSNET_REGION_TRACKER_KEY_FILE", keyFile.toString());
                env.put("OSSNET_REGION_TRACKER_KEY_PASSPHRASE", PASSPHRASE);
                env.put("OSSNET_REGION_EXCHANGE_INTERVAL", "2s");
                env.put("OSSNET_REGION_AUTHORITY_REFRESH", "2s");
                env.put("OSSNET_REGION_REPLICATION_WAIT", "2s");
                env.put("OSSNET_REGION_ANNOUNCE_INTERVAL", "5s");
                env.put("OSSNET_REGION_ANNOUNCE_JITTER", "1s");
                env.put("OSSNET_REGION_ANNOUNCE_MININTERVAL", "2s");
                // What each regional tracker holds after every exchange, in its log.
                env.put("LOGGING_LEVEL_ORG_OSSNET_REGION_EXCHANGE", "DEBUG");
                regional.put(name, url);
                regionEnvironment.put(name, env);
            }

            // The timed runs, in order (-Dossnet.regions.runs): regional runs before and after the random one, so
            // that neither side carries the order's bias, and the regional side not a single run's chance alone.
            List<String> sequence = List.of(System.getProperty("ossnet.regions.runs", "regional,random,regional")
                    .split(","));
            assertThat(sequence).as("ossnet.regions.runs").contains("regional", "random");
            // A provisioned host's home: the publisher's key pinned, so each host follows its region from the first
            // request. Every agent of every run starts from a copy, as hosts imaged alike would.
            Path provisioned = Files.createDirectories(work.resolve("provisioned-home"));
            Agent.Result trusted = new Agent(provisioned, Map.of())
                    .run("trust", "add", master.getAuthority(), "--key", publisherKey.toString());
            assertThat(trusted.exitCode()).as(trusted.toString()).isZero();
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < sequence.size(); i++) {
                String handout = sequence.get(i);
                String label = handout + "-" + (i + 1);
                List<LocalNetwork.Region> trackers = new ArrayList<>();
                for (String name : REGIONS) {
                    Map<String, String> env = new LinkedHashMap<>(regionEnvironment.get(name));
                    env.put("OSSNET_REGION_ANNOUNCE_HANDOUT_MODE", handout);
                    trackers.add(new LocalNetwork.Region(
                            name, regional.get(name), env, work.resolve(name + "-" + label + ".log")));
                }
                // The network started with the regional hand-out; every run kills the master mid-download. The
                // master and the regional trackers start side by side.
                if (i > 0 || !handout.equals("regional")) {
                    network.restart(ServiceKind.TRACKER, Map.of("OSSNET_TRACKER_REGIONS_HANDOUT", handout), trackers);
                } else {
                    network.startRegions(trackers);
                }
                phase(label + ": the master and three regional trackers are up");
                runs.add(
                        run(network, master, regional, provisioned, handout, label, sequence.indexOf("regional") == i));
                network.stopRegions(REGIONS);
                phase(label + ": the regional trackers are stopped");
            }
            runs.forEach(run -> System.out.println("Regions, timed run: " + run));

            List<Run> byRegion = runs.stream()
                    .filter(run -> run.handout().equals("regional"))
                    .toList();
            double regionalLast = meanSeconds(byRegion);
            double randomLast = meanSeconds(
                    runs.stream().filter(run -> run.handout().equals("random")).toList());
            System.out.printf(
                    "Regions, %d MiB, %d agents per region, runs %s: last agent %.1f s (regional) vs %.1f s (random),"
                            + " means (%.2fx)%n",
                    FILE_MB, AGENTS_PER_REGION, sequence, regionalLast, randomLast, regionalLast / randomLast);
            for (Run run : byRegion) {
                for (String name : REGIONS) {
                    assertThat(run.copiesInto().get(name))
                            .as("file copies that crossed into " + name + " in " + run)
                            .isLessThanOrEqualTo(1.3);
                }
            }
            assertThat(regionalLast)
                    .as("the last agent with the regional hand-out, against random's, means of %s", runs)
                    .isLessThanOrEqualTo(randomLast * 1.3);
        }
    }

    static double meanSeconds(List<Run> runs) {
        return runs.stream().mapToLong(run -> run.last().toMillis()).average().orElseThrow() / 1000.0;
    }

    /**
     * Publishes a fresh file, seeds it in region 1, has four agents per region fetch it, and measures; after the
     * {@code first} regional run, a newcomer downloads with the master down and the master returns.
     */
    private Run run(
            LocalNetwork network,
            URI master,
            Map<String, URI> regional,
            Path provisioned,
            String handout,
            String label,
            boolean first)
            throws Exception {
        Path runDir = Files.createDirectories(work.resolve(label));
        Path tree = Files.createDirectories(runDir.resolve("tree"));
        byte[] content = new byte[FILE_MB << 20];
        new Random(label.hashCode()).nextBytes(content);
        Files.write(tree.resolve("big.bin"), content);
        String collection = "ossnet://" + master.getAuthority() + "/regions-" + label;
        Agent publisher = new Agent(
                Files.createDirectories(runDir.resolve("publisher")), Map.of("OSSNET_TOKEN", network.publisherToken()));
        Agent.Result published =
                publisher.run("publish", tree.toString(), "--collection", collection, "--tracker", master.toString());
        assertThat(published.exitCode()).as(published.toString()).isZero();

        // The seed follows region 1 as every host in it does (the master refers it to region 1's tracker, which it
        // announces to, and whose peers it serves first); the others hear of it through the membership exchange.
        Agent seeder = new Agent(copyTree(provisioned, runDir.resolve("seeder")), Map.of());
        try (Agent.Background seed = seeder.start(
                "seed", tree.toString(), "--collection", collection, "--listen", "127.1.0.2:0", "--no-http")) {
            seed.awaitOutput("seeding 1 swarm of " + collection, Duration.ofMinutes(2));
            phase(label + ": published and seeded in r1");
            for (int r = 1; r <= 3; r++) {
                for (int a = 1; a <= AGENTS_PER_REGION; a++) {
                    copyTree(provisioned, runDir.resolve("agent-127." + r + ".0." + (10 + a)));
                }
            }
            awaitQuietMachine(label);
            long started = System.nanoTime();
            long startedMillis = System.currentTimeMillis();
            Map<String, List<Agent.Background>> gets = new LinkedHashMap<>();
            Map<String, List<Path>> reports = new LinkedHashMap<>();
            List<Path> outputs = new ArrayList<>();
            for (int r = 1; r <= 3; r++) {
                for (int a = 1; a <= AGENTS_PER_REGION; a++) {
                    String address = "127." + r + ".0." + (10 + a);
                    Path home = runDir.resolve("agent-" + address);
                    Path report = runDir.resolve("report-" + address + ".json");
                    Agent agent = new Agent(home, Map.of());
                    gets.computeIfAbsent("r" + r, k -> new ArrayList<>())
                            .add(agent.start(
                                    "get",
                                    collection + "/big.bin",
                                    "-o",
                                    Files.createDirectories(home.resolve("out")).toString(),
                                    "--bind",
                                    address,
                                    "--peer-report",
                                    report.toString(),
                                    // Hosts of a region share with each other, and stay for later ones.
                                    "--upload-rate",
                                    "200M",
                                    "--seed-time",
                                    SEED_TIME.toSeconds() + "s",
                                    "--timeout",
                                    "10m"));
                    outputs.add(home.resolve("out/big.bin"));
                    reports.computeIfAbsent("r" + r, k -> new ArrayList<>()).add(report);
                }
            }
            // In both runs alike, so the two differ in their hand-out alone.
            stopTheMasterMidDownload(network, master, regional, runDir, gets, outputs);
            long killed = System.currentTimeMillis() - startedMillis;
            // Done when the verified file is at its final path (seeding goes on after that): the time is the file's.
            long last = 0;
            List<Long> finished = new ArrayList<>();
            long deadline = started
                    + Duration.ofMinutes(Long.getLong("ossnet.regions.minutes", 10))
                            .toNanos();
            for (Path output : outputs) {
                while (!Files.exists(output)) {
                    if (System.nanoTime() > deadline) {
                        diagnose(master, regional);
                        assertThat(output).as("every agent finishes").exists();
                    }
                    Thread.sleep(100);
                }
                // The directory's time is the rename into place, after the verification.
                long done = Math.max(
                        Files.getLastModifiedTime(output).toMillis(),
                        Files.getLastModifiedTime(output.getParent()).toMillis());
                last = Math.max(last, done - startedMillis);
                finished.add(done - startedMillis);
            }
            phase(label + ": every agent has the file");
            if (first) {
                // After the timed part, so its load does not slow that run against the other.
                newcomerWithoutTheMaster(runDir, provisioned, collection, master);
                theMasterReturns(network, master);
            }
            // Every agent seeded until now (a region's early finishers serve its late ones): stopped, each writes its
            // peer report.
            List<Agent.Background> all =
                    gets.values().stream().flatMap(List::stream).toList();
            all.forEach(get -> get.process().destroy());
            for (Agent.Background get : all) {
                assertThat(get.process().waitFor(1, java.util.concurrent.TimeUnit.MINUTES))
                        .as("every agent stops on SIGTERM")
                        .isTrue();
                assertThat(get.process().exitValue()).as(get.output()).isEqualTo(STOPPED);
            }
            phase(label + ": every agent is stopped");
            Map<String, Double> copies = new LinkedHashMap<>();
            for (String name : REGIONS) {
                long crossed = 0;
                String inside = "127." + name.substring(1) + ".";
                for (Path report : reports.get(name)) {
                    for (JsonNode peer : JSON.readTree(report.toFile()).get("peers")) {
                        if (!peer.get("address").asString().startsWith(inside)) {
                            crossed += peer.get("received").asLong();
                        }
                    }
                }
                copies.put(name, Math.round(crossed * 100.0 / content.length) / 100.0);
            }
            Run run = new Run(label, handout, copies, Duration.ofMillis(last));
            System.out.println("Regions, " + handout + " hand-out: " + run);
            printAgents(label, reports, finished, killed);
            keep(label, runDir, gets, seed, regional.keySet());
            return run;
        }
    }

    /**
     * Stops the master while the agents download, once every one has followed its region's referral (it resolved
     * through the master) and some have yet to finish; they go on with their regional trackers. Before that, keeps
     * region 2's authority as an operator would to provision a new host.
     */
    private void stopTheMasterMidDownload(
            LocalNetwork network,
            URI master,
            Map<String, URI> regional,
            Path runDir,
            Map<String, List<Agent.Background>> gets,
            List<Path> outputs)
            throws Exception {
        Files.write(runDir.resolve("r2-authority.json"), get(master.resolve("/regions/r2/authority.json")));
        Files.write(runDir.resolve("r2-authority.json.asc"), get(master.resolve("/regions/r2/authority.json.asc")));
        // Every agent receiving (its regional tracker has heard of the other regions' peers through the master by
        // then), or done.
        List<Agent.Background> all =
                gets.values().stream().flatMap(List::stream).toList();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int i = 0; i < all.size(); i++) {
            while (!Files.exists(outputs.get(i)) && !receiving(all.get(i))) {
                assertThat(System.nanoTime()).as("every agent receives").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        assertThat(outputs.stream().filter(Files::exists).count())
                .as("agents still downloading when the master stops")
                .isLessThan(outputs.size());
        if (Boolean.getBoolean("ossnet.regions.diagnose")) {
            diagnose(master, regional);
        }
        network.kill(ServiceKind.TRACKER);
        phase("the master is stopped");
    }

    /**
     * With the master still down, a new host of region 2, provisioned with the publisher's key and its region's
     * authority, resolves, verifies and downloads through its regional tracker alone.
     */
    private static void newcomerWithoutTheMaster(Path runDir, Path provisioned, String collection, URI master)
            throws Exception {
        Path home = copyTree(provisioned, runDir.resolve("agent-new-127.2.0.20"));
        Agent newcomer = new Agent(home, Map.of());
        Agent.Result added = newcomer.run(
                "region",
                "add",
                runDir.resolve("r2-authority.json").toString(),
                "--signature",
                runDir.resolve("r2-authority.json.asc").toString());
        assertThat(added.exitCode()).as(added.toString()).isZero();
        Agent.Result got = newcomer.run(
                "get",
                collection + "/big.bin",
                "-o",
                Files.createDirectories(home.resolve("out")).toString(),
                "--bind",
                "127.2.0.20",
                "--timeout",
                "5m");
        assertThat(got.exitCode()).as(got.toString()).isZero();
        assertThat(got.err()).contains("the master tracker of " + master.getAuthority() + " is unreachable");
        assertThat(home.resolve("out/big.bin")).exists();
        phase("a new host downloaded through its regional tracker, the master down");
    }

    /** The master returns, and each regional tracker reports to it again. */
    private static void theMasterReturns(LocalNetwork network, URI master) throws Exception {
        network.restart(ServiceKind.TRACKER);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String name : REGIONS) {
            String accepted = "ossnet_tracker_region_membership_total{outcome=\"accepted\",region=\"" + name + "\"";
            while (!new String(get(master.resolve("/actuator/prometheus"))).contains(accepted)) {
                assertThat(System.nanoTime())
                        .as(name + " reports to the master again")
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        phase("the master is back and every region reports to it");
    }

    /**
     * Waits until the machine is quiet — less than half a core busy over a second, twice running — or until
     * {@link #QUIET_WAIT} has passed. Services just started go on compiling for a while (the regional run came right
     * after the network's start, the random one after a few restarts), and the two timed runs must differ in their
     * hand-out alone.
     */
    private static void awaitQuietMachine(String handout) throws Exception {
        long start = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        int[] quietSeconds = {0};
        double[] busy = {cores};
        long[][] before = {cpuTicks()};
        // Each look measures the CPU used since the one before, a second ago: quiet twice running is enough.
        Await.within(
                () -> {
                    long[] after = cpuTicks();
                    if (after[1] - before[0][1] < 50L * cores) {
                        // Under half a second of CPU time (100 ticks a second a core) since the last look: too
                        // short a window to judge, as the first look is.
                        return false;
                    }
                    busy[0] = cores * (after[0] - before[0][0]) / (double) Math.max(1, after[1] - before[0][1]);
                    quietSeconds[0] = busy[0] < 0.5 ? quietSeconds[0] + 1 : 0;
                    before[0] = after;
                    return quietSeconds[0] >= 2;
                },
                QUIET_WAIT,
                Duration.ofSeconds(1));
        phase(String.format(
                "%s: %.1f cores busy after %.1f s of waiting for a quiet machine",
                handout, busy[0], (System.nanoTime() - start) / 1e9));
    }

    /** Busy and total CPU time of the machine, in ticks, from the first line of /proc/stat. */
    private static long[] cpuTicks() {
        // cpu  user nice system idle iowait irq softirq steal ...
        String[] fields;
        try {
            fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long total = 0;
        for (int i = 1; i <= 8 && i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {total - idle, total};
    }

    /** Whether an agent's latest progress line shows bytes received. */
    private static boolean receiving(Agent.Background get) throws Exception {
        List<String> progress =
                get.output().lines().filter(line -> line.contains(" MiB (")).toList();
        return !progress.isEmpty() && !progress.getLast().startsWith("0 B ");
    }

    /**
     * One line per agent: when its file was done (from the start; the master was stopped at {@code killed}) and the
     * bytes it received from each region, the seed apart, to tell which agents were slow and whom they waited for.
     */
    private static void printAgents(String label, Map<String, List<Path>> reports, List<Long> finished, long killed)
            throws Exception {
        System.out.printf("RegionsIT %s: the master stopped at +%.1f s%n", label, killed / 1000.0);
        int i = 0;
        for (List<Path> region : reports.values()) {
            for (Path report : region) {
                JsonNode document = JSON.readTree(report.toFile());
                Map<String, Long> received = new TreeMap<>();
                int peers = 0;
                for (JsonNode peer : document.get("peers")) {
                    String address = peer.get("address").asString();
                    String from = address.equals("127.1.0.2") ? "seed" : "r" + address.split("\\.")[1];
                    received.merge(from, peer.get("received").asLong() >> 20, Long::sum);
                    peers += peer.get("received").asLong() > 0 ? 1 : 0;
                }
                System.out.printf(
                        "RegionsIT %s %s: done +%.1f s, MiB received by source %s from %d peers%n",
                        label, document.get("address").asString(), finished.get(i++) / 1000.0, received, peers);
            }
        }
    }

    /**
     * With {@code -Dossnet.regions.keep=DIR}, copies a run's agent output, peer reports and regional trackers' logs
     * to {@code DIR/<run>}, which outlives the test's temporary directory.
     */
    private void keep(
            String label,
            Path runDir,
            Map<String, List<Agent.Background>> gets,
            Agent.Background seed,
            Set<String> regions)
            throws Exception {
        String keep = System.getProperty("ossnet.regions.keep");
        if (keep == null || keep.isBlank()) {
            return;
        }
        Path to = Files.createDirectories(Path.of(keep).resolve(label));
        Map<String, Agent.Background> agents = new LinkedHashMap<>();
        agents.put("seed", seed);
        gets.forEach((region, list) -> {
            for (int a = 0; a < list.size(); a++) {
                agents.put("127." + region.substring(1) + ".0." + (11 + a), list.get(a));
            }
        });
        for (Map.Entry<String, Agent.Background> agent : agents.entrySet()) {
            Files.copy(agent.getValue().out(), to.resolve(agent.getKey() + ".out"), REPLACE_EXISTING);
            Files.copy(agent.getValue().err(), to.resolve(agent.getKey() + ".err"), REPLACE_EXISTING);
        }
        try (var files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("report-"))
                    .toList()) {
                Files.copy(file, to.resolve(file.getFileName()), REPLACE_EXISTING);
            }
        }
        for (String name : regions) {
            Path log = work.resolve(name + "-" + label + ".log");
            if (Files.exists(log)) {
                Files.copy(log, to.resolve(log.getFileName()), REPLACE_EXISTING);
            }
        }
    }

    /** What the trackers say of regions and membership, printed when agents do not finish, to tell why. */
    private static void diagnose(URI master, Map<String, URI> regional) {
        Map<String, URI> trackers = new LinkedHashMap<>();
        trackers.put("master", master);
        trackers.putAll(regional);
        trackers.forEach((name, url) -> {
            try {
                String metrics = new String(get(url.resolve("/actuator/prometheus")));
                metrics.lines()
                        .filter(line -> line.startsWith("ossnet_announce_region")
                                || line.startsWith("ossnet_announce_peers")
                                || line.startsWith("ossnet_region_membership")
                                || line.startsWith("ossnet_tracker_region"))
                        .forEach(line -> System.out.println("RegionsIT " + name + ": " + line));
            } catch (Exception e) {
                System.out.println("RegionsIT " + name + ": no metrics (" + e.getMessage() + ")");
            }
        });
    }

    private static final long TEST_START = System.nanoTime();

    /** Prints how far the test has come, and when: the phases' times show where the test spends its budget. */
    private static void phase(String what) {
        System.out.printf("RegionsIT +%.1f s: %s%n", (System.nanoTime() - TEST_START) / 1e9, what);
    }

    private static void admin(URI master, String method, String path, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(master.resolve(path))
                        .header("Authorization", "Bearer " + ADMIN)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isBetween(200, 201);
    }

    /** Copies the tree at {@code from} to {@code to}, which must not exist yet, and returns {@code to}. */
    private static Path copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
        return to;
    }

    private static byte[] get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }
}
