package org.ossnet.region.replication;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ossnet.core.api.SnapshotEvent;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.region.metadata.MetadataRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the metadata a client needs for a newly replicated snapshot before any client asks: the snapshot and its
 * signature, the collection's name entry, and each file's name entry, torrent and Metalink, fetched through {@link
 * MetadataRelay#prefetch} so they are kept exactly as a relayed answer would be. A client that resolved here can then
 * go on while the master is away, also for files nobody in the region had fetched yet. One snapshot at a time on a
 * thread of its own, so the feed is never held up; it stops at the first sign that the master is unreachable (the
 * documents are relayed and kept on demand as ever).
 */
@Component
public class SnapshotPrefetch implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPrefetch.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MetadataRelay relay;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("snapshot-prefetch").factory());

    SnapshotPrefetch(MetadataRelay relay) {
        this.relay = relay;
    }

    /** Queues the documents of {@code snapshot}, which the feed announced as {@code event}, to be kept. */
    void replicated(SnapshotEvent event, Snapshot snapshot) {
        worker.execute(() -> prefetch(event, snapshot));
    }

    private void prefetch(SnapshotEvent event, Snapshot snapshot) {
        OssnetName collection = snapshot.collection();
        int kept = 0;
        try {
            kept += keep(onMaster(event.snapshot())).isPresent() ? 1 : 0;
            kept += keep(onMaster(event.signature())).isPresent() ? 1 : 0;
            String root = "/ns" + collection.encodedPath();
            kept += keep(root.endsWith("/") ? root : root + "/").isPresent() ? 1 : 0;
            for (SnapshotFile file : snapshot.files()) {
                Optional<byte[]> entry =
                        keep("/ns" + collection.resolve(file.path()).encodedPath());
                if (entry.isEmpty()) {
                    continue;
                }
                kept++;
                JsonNode links = JSON.readTree(entry.get());
                for (String link : List.of("torrent", "metalink")) {
                    if (links.path(link).isString()) {
                        kept += keep(onMaster(URI.create(links.get(link).asString())))
                                        .isPresent()
                                ? 1
                                : 0;
                    }
                }
            }
            log.info(
                    "Kept {} documents of {} version {} for clients while the master is away",
                    kept,
                    event.collection(),
                    event.version());
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Stopped keeping the documents of {} version {} after {}: {} (they are kept as clients ask)",
                    event.collection(),
                    event.version(),
                    kept,
                    e.getMessage());
        }
    }

    private Optional<byte[]> keep(String path) throws IOException {
        return relay.prefetch(path);
    }

    /** The path and query of a link, which the relay serves from the master as it is configured here. */
    private static String onMaster(URI link) {
        return link.getRawPath() + (link.getRawQuery() == null ? "" : "?" + link.getRawQuery());
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
