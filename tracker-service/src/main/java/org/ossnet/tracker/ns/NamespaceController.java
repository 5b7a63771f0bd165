package org.ossnet.tracker.ns;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.api.NsChild;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.collection.EmbargoGate;
import org.ossnet.tracker.collection.FileDocuments;
import org.ossnet.tracker.collection.NotFound;
import org.ossnet.tracker.collection.SnapshotCatalog;
import org.ossnet.tracker.collection.SnapshotLinks;
import org.ossnet.tracker.collection.StoredCollection;
import org.ossnet.tracker.credential.MirrorRequests;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resolves {@code /ns/<path>} — the name {@code ossnet://<publisher>/<path>} — by its longest
 * mounted prefix to a directory listing or a file entry of the collection's latest public
 * snapshot, with absolute links to that snapshot, its signature and the file's documents. What
 * is embargoed is not there: a collection without a public snapshot is no mount, and an
 * embargoed newer snapshot leaves the last public one answering ({@link EmbargoGate}).
 */
@RestController
class NamespaceController {

    /** The answer changes with every publish: caches keep it only briefly, and never past a release. */
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    private final EmbargoGate gate;
    private final SnapshotLinks links;
    private final FileDocuments documents;
    private final TrackerProperties properties;
    private final MirrorRequests mirrors;

    NamespaceController(
            EmbargoGate gate,
            SnapshotLinks links,
            FileDocuments documents,
            TrackerProperties properties,
            MirrorRequests mirrors) {
        this.mirrors = mirrors;
        this.gate = gate;
        this.links = links;
        this.documents = documents;
        this.properties = properties;
    }

    @GetMapping({"/ns", "/ns/", "/ns/**"})
    ResponseEntity<NsEntry> resolve(HttpServletRequest request) {
        String raw = request.getRequestURI();
        String path = raw.length() > "/ns/".length() ? raw.substring("/ns/".length()) : "";
        OssnetName name;
        try {
            name = OssnetName.parse("ossnet://" + properties.publisherAuthority() + "/" + path);
        } catch (InvalidNameException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        // One instant for the whole answer, so it never mixes what was public before a release with what is after.
        EmbargoGate.View view = gate.viewOf(mirrors.credential(request));
        StoredCollection collection = view.mountOf(name).orElseThrow(() -> noMount(name));
        SnapshotCatalog.Found found = view.latest(collection).orElseThrow(() -> noMount(name));
        RelativePath relative = relative(name, collection);
        NsEntry entry = relative == null
                ? directory(name, found, "").orElseThrow()
                : file(name, found, relative)
                        .or(() -> directory(name, found, relative.path()))
                        .orElseThrow(() -> NotFound.because("No " + name.format() + " in " + collection.name()
                                + " version " + found.stored().version()));
        return ResponseEntity.ok()
                .cacheControl(view.cacheControl(CacheControl.maxAge(view.freshFor(collection, MAX_AGE))))
                .body(entry);
    }

    /** The same answer for a path no collection is mounted at or above and for one whose collection is embargoed. */
    private static ApiProblem noMount(OssnetName name) {
        return NotFound.because("No collection is mounted at or above " + name.format());
    }

    private static RelativePath relative(OssnetName name, StoredCollection collection) {
        int mountSegments = collection.mountPath().split("/").length;
        List<String> rest =
                name.segments().subList(mountSegments, name.segments().size());
        if (rest.isEmpty()) {
            return null;
        }
        try {
            return new RelativePath(rest);
        } catch (InvalidNameException e) {
            // A valid name whose part below the mount no snapshot could hold (too long, too deep): nothing is there.
            throw NotFound.because("No " + name.format() + " in " + collection.name() + ": " + e.getMessage());
        }
    }

    private Optional<NsEntry> file(OssnetName name, SnapshotCatalog.Found found, RelativePath path) {
        if (name.directory()) {
            return Optional.empty();
        }
        return found.index().file(path).map(file -> fileEntry(name, found, file));
    }

    private NsEntry fileEntry(OssnetName name, SnapshotCatalog.Found found, SnapshotFile file) {
        long id = found.collection().id();
        long version = found.stored().version();
        return new NsEntry(
                NsEntry.FILE,
                name.format(),
                found.collection().name(),
                version,
                links.snapshot(id, version),
                links.signature(id, version),
                found.stored().expires(),
                file.size(),
                file.sha256(),
                file.infoHash(),
                file.hasSwarm() ? links.torrent(id, version, file.path()) : null,
                documents.magnet(found.collection(), file).orElse(null),
                links.metalink(id, version, file.path()),
                null);
    }

    private Optional<NsEntry> directory(OssnetName name, SnapshotCatalog.Found found, String path) {
        long id = found.collection().id();
        long version = found.stored().version();
        Optional<List<NsChild>> children = found.index().directory(path);
        return children.map(entries -> new NsEntry(
                NsEntry.DIRECTORY,
                name.asDirectory().format(),
                found.collection().name(),
                version,
                links.snapshot(id, version),
                links.signature(id, version),
                found.stored().expires(),
                null,
                null,
                null,
                null,
                null,
                null,
                entries));
    }
}
