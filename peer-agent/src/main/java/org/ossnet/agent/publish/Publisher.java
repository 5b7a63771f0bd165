package org.ossnet.agent.publish;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ossnet.agent.scan.HashCache;
import org.ossnet.agent.scan.ScanException;
import org.ossnet.agent.scan.ScannedFile;
import org.ossnet.agent.scan.TreeHasher;
import org.ossnet.agent.scan.TreeScanner;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;

/**
 * Publishes a tree: scans it, hashes what the cache does not already know, compares with the snapshot now serving,
 * and submits the file list to the tracker, which has it signed.
 *
 * <p>The comparison uses the collection's current snapshot fetched through discovery and {@code /ns}, so it is
 * right whichever machine published last. It informs the publisher and spares a new version of a tree the
 * collection already holds; the publisher's own tracker is asked, which could drop a publish anyway, so the snapshot
 * is decoded strictly but its signature is not checked, and a tracker that cannot be asked only costs the
 * comparison, not the publish.
 */
public final class Publisher {

    private final TrackerClient client;
    private final TreeScanner scanner;
    private final HashCache cache;
    private final int threads;

    public Publisher(TrackerClient client, TreeScanner scanner, HashCache cache, int threads) {
        this.client = client;
        this.scanner = scanner;
        this.cache = cache;
        this.threads = threads;
    }

    /**
     * What to publish.
     *
     * @param originUrl the new origin URL, or null to keep the collection's
     * @param version the new version, or null for the current one plus one
     * @param force publish a new version even if the collection already holds this very tree
     * @param embargoUntil when the new snapshot opens to the public, or null for at once; until then only mirrors
     *     whose credential covers the collection see it
     */
    public record Request(
            Path tree,
            OssnetName collection,
            URI tracker,
            String originUrl,
            Long version,
            boolean force,
            Instant embargoUntil) {

        /** A request published at once, without an embargo. */
        public Request(Path tree, OssnetName collection, URI tracker, String originUrl, Long version, boolean force) {
            this(tree, collection, tracker, originUrl, version, force, null);
        }
    }

    /**
     * What happened.
     *
     * @param response the tracker's answer, or empty if nothing was published because the collection already holds
     *     this tree at {@code currentVersion}
     * @param diff the change from the snapshot serving before (all added if there was none), or empty if that
     *     snapshot could not be fetched
     * @param currentVersion the version serving before this publish, 0 if none or unknown
     * @param previousFailure why there is no comparison although a previous snapshot may exist, or null
     * @param files how many files the tree holds
     * @param hashed how many files were read and hashed; the others came from the cache
     * @param warnings what the scan left out
     */
    public record Outcome(
            Optional<PublishResponse> response,
            Optional<TreeDiff> diff,
            long currentVersion,
            Exception previousFailure,
            int files,
            int hashed,
            List<String> warnings) {}

    /**
     * Publishes {@code request.tree()} as the next snapshot of {@code request.collection()}, unless the collection's
     * current snapshot already holds this tree: the same paths, sizes and SHA-256s, no other origin URL asked for, and
     * no other version asked for. Then nothing is published, unless {@code request.force()}.
     */
    public Outcome publish(Request request, String token) throws IOException, ScanException, TrackerException {
        TreeScanner.Result scan = scanner.scan(request.tree());
        TreeHasher.Result hashes = new TreeHasher(cache, threads).hash(scan.files());
        Set<Path> present = new HashSet<>();
        scan.files().stream().map(ScannedFile::file).forEach(present::add);
        cache.retainUnder(request.tree().toRealPath(), present);
        // Saved before submitting: the hashing is done whether or not the tracker accepts the result.
        cache.save();
        List<PublishedFile> files = hashes.files().stream()
                .map(h -> new PublishedFile(
                        h.file().path().path(),
                        h.digest().size(),
                        h.digest().sha256(),
                        h.digest().info()))
                .toList();
        CurrentSnapshot current = new CurrentSnapshot(client, request.collection());
        Optional<Snapshot> previous = Optional.empty();
        Optional<TreeDiff> diff = Optional.empty();
        Exception previousFailure = null;
        try {
            previous = current.fetch();
            diff = Optional.of(TreeDiff.between(previous.map(Snapshot::files).orElse(List.of()), files));
        } catch (IOException | TrackerException | InvalidSnapshotException e) {
            previousFailure = e;
        }
        long currentVersion = previous.map(Snapshot::version).orElse(0L);
        if (!request.force()
                && previous.isPresent()
                && unchanged(request, previous.get(), diff.orElseThrow(), current)) {
            return new Outcome(
                    Optional.empty(), diff, currentVersion, null, files.size(), hashes.hashed(), scan.warnings());
        }
        PublishResponse response = client.publish(
                request.tracker(),
                token,
                new PublishRequest(
                        request.collection().asFile().format(),
                        request.version(),
                        request.originUrl(),
                        request.embargoUntil(),
                        files));
        return new Outcome(
                Optional.of(response),
                diff,
                currentVersion,
                previousFailure,
                files.size(),
                hashes.hashed(),
                scan.warnings());
    }

    /**
     * Whether publishing would only repeat {@code previous}: the same files, no other version asked for (asking for
     * the current one again is a retry, not a change), no other origin URL asked for (the tracker keeps one per
     * collection, so a new one needs a publish to take effect), and a snapshot clients still accept (an expired one
     * is worth replacing even with the same files). An embargo asked for is a change too: the publisher wants a new
     * version held back, and only the tracker can say whether that is allowed.
     */
    private static boolean unchanged(Request request, Snapshot previous, TreeDiff diff, CurrentSnapshot current) {
        return diff.isEmpty()
                && request.embargoUntil() == null
                && !previous.isExpired(Instant.now())
                && (request.version() == null || request.version() == previous.version())
                && (request.originUrl() == null || current.servesOrigin(previous, request.originUrl()));
    }
}
