package org.ossnet.tracker.collection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.MagnetLink;
import org.springframework.stereotype.Component;

/**
 * The per-file documents the tracker serves: a {@code .torrent} (the stored info dictionary with
 * this tracker's announce URL and the HTTP sources as BEP 19 web seeds), a magnet link, and a
 * Metalink 4 (RFC 5854) listing the hash, the torrent and the HTTP sources.
 */
@Component
public class FileDocuments {

    /** Info dictionaries are about 20 bytes per piece: this keeps those of some thousands of files. */
    private static final long CACHED_INFO_BYTES = 16L << 20;

    private final CollectionRepository repository;
    private final SnapshotLinks links;
    private final MirrorSources mirrors;

    /**
     * By hex info-hash, decoded (bencoded values are immutable) and weighed by their stored size: an info dictionary is
     * what its hash names, so a kept one is never stale.
     */
    private final Cache<String, Info> infos = Caffeine.newBuilder()
            .maximumWeight(CACHED_INFO_BYTES)
            .<String, Info>weigher((hash, info) -> info.bytes())
            .build();

    private record Info(BValue decoded, int bytes) {}

    FileDocuments(CollectionRepository repository, SnapshotLinks links, MirrorSources mirrors) {
        this.repository = repository;
        this.links = links;
        this.mirrors = mirrors;
    }

    /**
     * The HTTP sources of a file: the origin this snapshot was published with, then every listed mirror whose
     * verified tree holds this very content (official first). The mirror part is current state, not part of the
     * snapshot: a mirror still at an older version is named for the files unchanged since, and one that falls
     * behind drops out of the changed files at once.
     */
    public List<String> httpSources(StoredCollection collection, SnapshotFile file) {
        List<String> sources = new ArrayList<>();
        if (collection.originUrl() != null) {
            sources.add(SnapshotLinks.originFile(collection.originUrl(), file.path()));
        }
        mirrors.holding(collection, file).forEach(mirror -> sources.add(mirror.url()));
        return sources;
    }

    /** The torrent of a non-empty file, exactly embedding the published info dictionary. */
    public Optional<byte[]> torrent(StoredCollection collection, SnapshotFile file) {
        return torrent(collection, file, List.of());
    }

    /**
     * As {@link #torrent(StoredCollection, SnapshotFile)}, for a client in a delegated region: its regional
     * tracker's announce URLs first, as the first tier of a BEP 12 {@code announce-list}, and this tracker as the
     * second, so a standard client announces in its region and falls back to the master.
     */
    public Optional<byte[]> torrent(StoredCollection collection, SnapshotFile file, List<URI> regional) {
        if (!file.hasSwarm()) {
            return Optional.empty();
        }
        return info(file.infoHash()).map(decoded -> {
            // The stored info was accepted by the strict decoder, so re-encoding it gives the same bytes and hash.
            List<BValue> webSeeds = httpSources(collection, file).stream()
                    .<BValue>map(BString::of)
                    .toList();
            String master = links.announce().toString();
            var torrent = BDictionary.builder()
                    .put(
                            "announce",
                            regional.isEmpty() ? master : regional.getFirst().toString())
                    .put("created by", "ossnet")
                    .put("info", decoded)
                    .put("url-list", new BList(webSeeds));
            if (!regional.isEmpty()) {
                List<BValue> tier = regional.stream()
                        .<BValue>map(url -> BString.of(url.toString()))
                        .toList();
                torrent.put(
                        "announce-list", new BList(List.of(new BList(tier), new BList(List.of(BString.of(master))))));
            }
            return Bencode.encode(torrent.build());
        });
    }

    /** The stored info dictionary, decoded. */
    private Optional<BValue> info(String infoHash) {
        Info kept = infos.getIfPresent(infoHash);
        if (kept != null) {
            return Optional.of(kept.decoded());
        }
        Optional<Info> found = repository
                .torrentInfo(InfoHash.fromHex(infoHash).bytes())
                .map(info -> new Info(Bencode.decode(info), info.length));
        found.ifPresent(info -> infos.put(infoHash, info));
        return found.map(Info::decoded);
    }

    /** The magnet link of a non-empty file. */
    public Optional<String> magnet(StoredCollection collection, SnapshotFile file) {
        if (!file.hasSwarm()) {
            return Optional.empty();
        }
        MagnetLink magnet = new MagnetLink(
                InfoHash.fromHex(file.infoHash()),
                Optional.of(file.path().fileName()),
                List.of(links.announce().toString()),
                httpSources(collection, file));
        return Optional.of(magnet.toUri());
    }

    /** The Metalink 4 document of a file. */
    public String metalink(StoredCollection collection, long version, SnapshotFile file) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n")
                .append("  <generator>ossnet</generator>\n")
                .append("  <file name=\"")
                .append(escape(file.path().fileName()))
                .append("\">\n")
                .append("    <size>")
                .append(file.size())
                .append("</size>\n")
                .append("    <hash type=\"sha-256\">")
                .append(file.sha256())
                .append("</hash>\n");
        if (file.hasSwarm()) {
            URI torrent = links.torrent(collection.id(), version, file.path());
            xml.append("    <metaurl mediatype=\"torrent\" priority=\"2\">")
                    .append(escape(torrent.toString()))
                    .append("</metaurl>\n");
        }
        // Mirrors before the origin, whose egress they exist to save; official before unofficial. Each mirror's
        // location attribute comes with regions; until then it is omitted, as RFC 5854 allows.
        for (MirrorSources.Source mirror : mirrors.holding(collection, file)) {
            xml.append("    <url priority=\"")
                    .append(mirror.official() ? 1 : 2)
                    .append("\">")
                    .append(escape(mirror.url()))
                    .append("</url>\n");
        }
        if (collection.originUrl() != null) {
            xml.append("    <url priority=\"3\">")
                    .append(escape(SnapshotLinks.originFile(collection.originUrl(), file.path())))
                    .append("</url>\n");
        }
        return xml.append("  </file>\n</metalink>\n").toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
