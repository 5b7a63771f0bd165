package org.ossnet.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.ossnet.core.api.NsEntry;
import org.ossnet.testsupport.http.HttpProbe;

/**
 * Reads a changed file's Metalink from the tracker in a loop until stopped. Once the new snapshot is known
 * ({@link #expect}), every mirror the Metalink of the file's new content names must already serve that snapshot: its
 * tree's {@code .ossnet/snapshot.json}, switched in last, is the new document. Records the mirrors last named.
 */
final class MetalinkWatch implements AutoCloseable {

    private final Supplier<NsEntry> entry;
    private final List<MirrorSwarmIT.SwarmMirror> mirrors;
    private final String mount;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile byte[] expected;
    private volatile Set<Integer> listed = Set.of();
    private volatile long checks;
    private volatile boolean stopped;
    private Thread thread;

    private MetalinkWatch(Supplier<NsEntry> entry, List<MirrorSwarmIT.SwarmMirror> mirrors, String mount) {
        this.entry = entry;
        this.mirrors = mirrors;
        this.mount = mount;
    }

    static MetalinkWatch start(Supplier<NsEntry> entry, List<MirrorSwarmIT.SwarmMirror> mirrors, String mount) {
        MetalinkWatch watch = new MetalinkWatch(entry, List.copyOf(mirrors), mount);
        watch.thread = Thread.ofVirtual().name("metalink-watch").start(watch::watch);
        return watch;
    }

    /** From now on, a named mirror must serve {@code document}. */
    void expect(byte[] document) {
        expected = document;
    }

    private void watch() {
        while (!stopped) {
            try {
                byte[] document = expected;
                if (document != null) {
                    NsEntry current = entry.get();
                    long version = MirrorMetalinkInteropIT.decode(document).version();
                    if (current.version() == version) {
                        check(current, document);
                    }
                }
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | java.io.IOException e) {
                if (!stopped) {
                    violations.add(e.toString());
                }
            }
        }
    }

    private void check(NsEntry current, byte[] document) throws java.io.IOException {
        HttpProbe.Response metalink = HttpProbe.get(current.metalink());
        if (metalink.status() != 200) {
            violations.add("the Metalink answered " + metalink.status());
            return;
        }
        Set<Integer> named = new TreeSet<>();
        for (MirrorSwarmIT.SwarmMirror m : mirrors) {
            if (metalink.body().contains(m.baseUrl().toString())) {
                named.add(m.number());
                Path snapshot = m.tree().resolve(mount).resolve(".ossnet/snapshot.json");
                if (!MirrorDaemons.sameBytes(snapshot, document)) {
                    violations.add("the Metalink of " + current.name() + " named mirror " + m.number()
                            + " before its tree held the new snapshot");
                }
            }
        }
        listed = Set.copyOf(named);
        checks++;
    }

    /** The mirrors the last Metalink of the new content named. */
    Set<Integer> listed() {
        return listed;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    String summary() {
        return checks + " Metalinks of the new content read, last naming mirrors " + listed + ", " + violations.size()
                + " violations";
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
