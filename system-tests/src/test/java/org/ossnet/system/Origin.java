package org.ossnet.system;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.OssnetName;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * A collection of a test's own with an origin of its own, as {@code ./ossnet local} has the demo: {@code ossnet
 * publish} names the origin's URL as the web seed, and {@code ossnet seed} seeds every file and serves the tree over
 * HTTP until closed (SIGTERM, so it tells the tracker it stopped). For tests on the {@link SharedNetwork} that need
 * what the demo gives but counted apart from every other test's downloads.
 */
final class Origin implements AutoCloseable {

    /** The origin announces its swarms within seconds; a busy machine of two cores gets this much. */
    static final Duration START_WAIT = Duration.ofMinutes(2);

    private final String collection;
    private final Agent.Background seed;

    private Origin(String collection, Agent.Background seed) {
        this.collection = collection;
        this.seed = seed;
    }

    /**
     * Publishes {@code tree} as {@code ossnet://<tracker>/<name>} and starts its origin; returns once the origin has
     * announced its swarms and serves the tree. Its agents' homes and output go under {@code work}.
     */
    static Origin start(LocalNetwork network, Path work, String name, Path tree) throws Exception {
        URI tracker = network.url(ServiceKind.TRACKER);
        String collection = "ossnet://" + tracker.getAuthority() + "/" + name;
        int httpPort = FreePorts.pick(InetAddress.getLoopbackAddress());
        Agent publisher = new Agent(
                Files.createDirectories(work.resolve("publisher")), Map.of("OSSNET_TOKEN", network.publisherToken()));
        SeedIT.publish(publisher, tree, collection, tracker, httpPort);
        Agent origin = new Agent(Files.createDirectories(work.resolve("origin")), Map.of());
        Agent.Background seed = origin.start(
                "seed",
                tree.toString(),
                "--collection",
                collection,
                "--tracker",
                tracker.toString(),
                "--listen",
                "127.0.0.1:0",
                "--http",
                "127.0.0.1:" + httpPort);
        try {
            // "seeding 3 swarms of <collection> version 1 from …", printed once the HTTP server is up and the swarms
            // are announced.
            seed.awaitOutput(" of " + collection + " version ", START_WAIT);
            return new Origin(collection, seed);
        } catch (Exception | AssertionError e) {
            seed.close();
            throw e;
        }
    }

    /** The {@code ossnet://} name of the collection. */
    String collection() {
        return collection;
    }

    /** The tracker's entry for {@code path} (percent-encoded) of the collection, as a client resolves it. */
    NsEntry entry(String path) throws Exception {
        return entry(collection, path);
    }

    /** The tracker's entry for {@code path} of {@code collection}, as a client resolves it. */
    static NsEntry entry(String collection, String path) throws Exception {
        TrackerClient client = new TrackerClient(false);
        OssnetName name = OssnetName.parse(collection + "/" + path);
        return client.resolve(client.discover(name.publisher()), name);
    }

    @Override
    public void close() throws InterruptedException {
        seed.close();
    }
}
