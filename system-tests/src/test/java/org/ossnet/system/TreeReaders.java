package org.ossnet.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.ossnet.core.name.RelativePath;

/**
 * Clients reading mirrors' trees over HTTP as dnf does, one per mirror, in a loop until stopped: {@code repomd.xml},
 * then the primary index it names (whose SHA-256 must be the one repomd names), then the packages that index names
 * that a switch could get wrong (those whose content changes, the renamed and deleted ones) and a few others, each of
 * which must be there with the SHA-256 and size the index says, unless it is a package this tree changes in place and
 * has the next version's content: the data stage of a switch renames new content in before the index stage names it,
 * so a reader holding the old index meanwhile finds the new bytes (archives never change a package in place, so dnf
 * never meets this). Anything else is a violation: the mirror served an index that does not match the files beside it.
 */
final class TreeReaders implements AutoCloseable {

    private static final List<String> WATCHED =
            List.of(DnfTree.RENAMED_FROM, DnfTree.RENAMED_TO, DnfTree.DELETED, "pool/app-000.rpm", "pool/app-199.rpm");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<Long, AtomicLong> reads = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, String> nextContent;
    private volatile boolean stopped;

    private TreeReaders(Map<String, String> nextContent) {
        this.nextContent = Map.copyOf(nextContent);
    }

    /**
     * @param nextContent the SHA-256 of the next version's content of each package the tree changes in place, by path
     */
    static TreeReaders start(
            List<MirrorSwarmIT.SwarmMirror> mirrors, String mount, String excluded, Map<String, String> nextContent) {
        TreeReaders readers = new TreeReaders(nextContent);
        for (MirrorSwarmIT.SwarmMirror m : mirrors) {
            URI base = m.baseUrl().resolve(mount + "/");
            readers.threads.add(Thread.ofVirtual()
                    .name("reader-" + m.number())
                    .start(() -> readers.read(m.number(), base, m.rules())));
        }
        return readers;
    }

    private void read(int mirror, URI base, org.ossnet.core.filter.CarryRules rules) {
        while (!stopped) {
            try {
                String repomd = text(get(base.resolve(DnfTree.REPOMD)), mirror, DnfTree.REPOMD);
                String[] lines = repomd.split("\n");
                long version = Long.parseLong(lines[0].substring("version ".length()));
                String[] primaryLine = lines[1].split(" ");
                HttpResponse<byte[]> primary = get(base.resolve(primaryLine[1]));
                if (primary.statusCode() != 200 || !sha256(primary.body()).equals(primaryLine[2])) {
                    violations.add("mirror " + mirror + ": repomd.xml of version " + version + " names "
                            + primaryLine[1] + ", served with status " + primary.statusCode() + " and other content");
                    continue;
                }
                for (String entry : new String(primary.body(), StandardCharsets.UTF_8).split("\n")) {
                    String[] fields = entry.split(" ");
                    String path = fields[0];
                    boolean watched = WATCHED.contains(path) || path.startsWith("pool/changing-");
                    if (!watched || !rules.carries(RelativePath.parse(path))) {
                        continue;
                    }
                    HttpResponse<byte[]> file = get(base.resolve(path));
                    boolean named = file.statusCode() == 200
                            && file.body().length == Long.parseLong(fields[2])
                            && sha256(file.body()).equals(fields[1]);
                    // A package changed in place has its new bytes from the switch's data stage on.
                    boolean switchedIn =
                            file.statusCode() == 200 && sha256(file.body()).equals(nextContent.get(path));
                    if (!named && !switchedIn) {
                        violations.add("mirror " + mirror + ": the index of version " + version + " names " + path
                                + ", served with status " + file.statusCode() + " and other content");
                    }
                }
                reads.computeIfAbsent(version, v -> new AtomicLong()).incrementAndGet();
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!stopped) {
                    violations.add("mirror " + mirror + ": " + e);
                }
            }
        }
    }

    private HttpResponse<byte[]> get(URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private String text(HttpResponse<byte[]> response, int mirror, String path) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("mirror " + mirror + " answered " + response.statusCode() + " for " + path);
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Every index read that did not match the files served beside it. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** How many whole reads found repomd.xml at {@code version}. */
    long readsOf(long version) {
        AtomicLong count = reads.get(version);
        return count == null ? 0 : count.get();
    }

    String summary() {
        return "index reads by version " + reads + ", " + violations.size() + " violations";
    }

    void stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
