package org.ossnet.tracker.collection;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.credential.MirrorRequests;
import org.ossnet.tracker.region.RegionDelegations;
import org.ossnet.tracker.system.ClientAddresses;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves snapshots by number, their signatures, and per-file torrents and Metalinks. A snapshot
 * version never changes, so everything here may be cached for long; an embargoed snapshot is, to
 * the public, a version that does not exist until the server's clock reaches its release time
 * ({@link EmbargoGate}), and no 404 may be cached ({@link NotFound}).
 */
@RestController
class SnapshotController {

    private static final MediaType PGP_SIGNATURE = MediaType.parseMediaType("application/pgp-signature");
    private static final MediaType TORRENT = MediaType.parseMediaType("application/x-bittorrent");
    private static final MediaType METALINK = MediaType.parseMediaType("application/metalink4+xml");
    private static final CacheControl IMMUTABLE =
            CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic();

    /**
     * Torrents and Metalinks name the mirrors that hold a file now, which changes with every verified claim: cache
     * them briefly, so a mirror that falls behind leaves what clients get within a minute.
     */
    private static final CacheControl WITH_MIRRORS =
            CacheControl.maxAge(java.time.Duration.ofMinutes(1)).cachePublic();

    /** A torrent naming a client's regional tracker: no shared cache may hand it to a client elsewhere. */
    private static final CacheControl REGIONAL =
            CacheControl.maxAge(java.time.Duration.ofMinutes(1)).cachePrivate();

    private final SnapshotCatalog catalog;
    private final EmbargoGate gate;
    private final FileDocuments documents;
    private final RegionDelegations delegations;
    private final MirrorRequests mirrors;

    SnapshotController(
            SnapshotCatalog catalog,
            EmbargoGate gate,
            FileDocuments documents,
            RegionDelegations delegations,
            MirrorRequests mirrors) {
        this.mirrors = mirrors;
        this.catalog = catalog;
        this.gate = gate;
        this.documents = documents;
        this.delegations = delegations;
    }

    @GetMapping("/collections/{id}/snapshots/{version}/snapshot.json")
    ResponseEntity<byte[]> snapshot(@PathVariable long id, @PathVariable long version, HttpServletRequest request) {
        EmbargoGate.View view = view(request);
        byte[] document = catalog.document(stored(view, id, version)).orElseThrow();
        return ResponseEntity.ok()
                .cacheControl(view.cacheControl(IMMUTABLE))
                .contentType(MediaType.APPLICATION_JSON)
                .body(document);
    }

    @GetMapping("/collections/{id}/snapshots/{version}/snapshot.json.asc")
    ResponseEntity<byte[]> signature(@PathVariable long id, @PathVariable long version, HttpServletRequest request) {
        EmbargoGate.View view = view(request);
        return ResponseEntity.ok()
                .cacheControl(view.cacheControl(IMMUTABLE))
                .contentType(PGP_SIGNATURE)
                .body(stored(view, id, version).signature().getBytes(StandardCharsets.US_ASCII));
    }

    @GetMapping("/collections/{id}/snapshots/{version}/files/**")
    ResponseEntity<byte[]> file(@PathVariable long id, @PathVariable long version, HttpServletRequest request) {
        String raw = request.getRequestURI();
        String rest = raw.substring(raw.indexOf("/files/") + "/files/".length());
        EmbargoGate.View view = view(request);
        SnapshotCatalog.Found found = view.at(id, version).orElseThrow(() -> noSnapshot(id, version));
        if (rest.endsWith(".torrent")) {
            SnapshotFile file = file(found, rest.substring(0, rest.length() - ".torrent".length()));
            List<URI> regional = delegations
                    .forAddress(ClientAddresses.socket(request))
                    .map(signed -> signed.authority().announce())
                    .orElse(List.of());
            byte[] torrent = documents
                    .torrent(found.collection(), file, regional)
                    .orElseThrow(() -> NotFound.because(
                            "An empty file has no torrent: " + file.path().path()));
            return ResponseEntity.ok()
                    .cacheControl(view.cacheControl(regional.isEmpty() ? WITH_MIRRORS : REGIONAL))
                    .contentType(TORRENT)
                    .header("Content-Disposition", "attachment; filename=\"" + ascii(file) + ".torrent\"")
                    .body(torrent);
        }
        if (rest.endsWith(".meta4")) {
            SnapshotFile file = file(found, rest.substring(0, rest.length() - ".meta4".length()));
            return ResponseEntity.ok()
                    .cacheControl(view.cacheControl(WITH_MIRRORS))
                    .contentType(METALINK)
                    .body(documents.metalink(found.collection(), version, file).getBytes(StandardCharsets.UTF_8));
        }
        throw NotFound.because("Files are served as <path>.torrent or <path>.meta4");
    }

    /** The catalogue as this request's caller sees it: a mirror proving a credential sees early what it covers. */
    private EmbargoGate.View view(HttpServletRequest request) {
        return gate.viewOf(mirrors.credential(request));
    }

    /** The stored snapshot, if the caller may see it; serving its bytes needs no decoding. */
    private static StoredSnapshot stored(EmbargoGate.View view, long id, long version) {
        return view.stored(id, version).orElseThrow(() -> noSnapshot(id, version));
    }

    /** The same answer for a version never published, a collection id never used, and an embargoed snapshot. */
    private static ApiProblem noSnapshot(long id, long version) {
        return NotFound.because("No snapshot " + version + " of collection " + id);
    }

    private static SnapshotFile file(SnapshotCatalog.Found found, String encodedPath) {
        RelativePath path;
        try {
            // The name parser decodes percent-encoding strictly and refuses '..', empty segments and the like.
            path = RelativePath.parse(
                    OssnetName.parse("ossnet://localhost/" + encodedPath).path().substring(1));
        } catch (InvalidNameException e) {
            throw ApiProblem.badRequest("Not a file path: " + e.getMessage());
        }
        return found.index()
                .file(path)
                .orElseThrow(() -> NotFound.because("No file " + path.path() + " in snapshot "
                        + found.stored().version()));
    }

    private static String ascii(SnapshotFile file) {
        return file.path().fileName().replaceAll("[^A-Za-z0-9._+-]", "_");
    }
}
