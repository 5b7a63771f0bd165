package org.ossnet.agent.publish;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
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
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.api.PublishedFile;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.snapshot.SnapshotLimits;

/**
 * Publishes a tree: scans it, hashes what the cache does not already know, compares with the snapshot now serving,
 * and submits the file list to the tracker, which has it signed.
 *
 * <p>The comparison uses the collection's current snapshot fetched through discovery and {@code /ns}, so it is
 * right whichever machine published last. It only informs the publisher, so the snapshot is decoded strictly but
 * its signature is not checked, and a tracker that cannot be asked only costs the comparison, not the publish.
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

    /** What to publish. */
    public record Request(Path tree, OssnetName collection, URI tracker, String originUrl, Long version) {}

    /**
     * What happened.
     *
     * @param response the tracker's answer
     * @param diff the change from the snapshot serving before (all added if there was none), or empty if that
     *     snapshot could not be fetched
     * @param previousFailure why there is no comparison although a previous snapshot may exist, or null
     * @param files how many files the tree holds
     * @param hashed how many files were read and hashed; the others came from the cache
     * @param warnings what the scan left out
     */
    public record Outcome(
            PublishResponse response,
            Optional<TreeDiff> diff,
            Exception previousFailure,
            int files,
            int hashed,
            List<String> warnings) {}

    /** Publishes {@code request.tree()} as the next snapshot of {@code request.collection()}. */
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
        Optional<TreeDiff> diff = Optional.empty();
        Exception previousFailure = null;
        try {
            List<SnapshotFile> before =
                    previous(request.collection()).map(Snapshot::files).orElse(List.of());
            diff = Optional.of(TreeDiff.between(before, files));
        } catch (IOException | TrackerException | InvalidSnapshotException e) {
            previousFailure = e;
        }
        PublishResponse response = client.publish(
                request.tracker(),
                token,
                new PublishRequest(
                        request.collection().asFile().format(), request.version(), request.originUrl(), null, files));
        return new Outcome(response, diff, previousFailure, files.size(), hashes.hashed(), scan.warnings());
    }

    /** The snapshot serving now, or empty if the collection was never published. */
    private Optional<Snapshot> previous(OssnetName collection) throws IOException, TrackerException {
        Discovery discovery = client.discover(collection.publisher());
        NsEntry entry;
        try {
            entry = client.resolve(discovery, collection.asDirectory());
        } catch (TrackerException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        Snapshot snapshot = SnapshotCodec.decode(
                client.fetch(entry.snapshot(), SnapshotLimits.DEFAULTS.maxDocumentBytes()), SnapshotLimits.DEFAULTS);
        if (!snapshot.collection().equals(collection.asFile())) {
            // The name lies in another, enclosing collection: there is nothing of ours to compare with.
            return Optional.empty();
        }
        return Optional.of(snapshot);
    }
}
