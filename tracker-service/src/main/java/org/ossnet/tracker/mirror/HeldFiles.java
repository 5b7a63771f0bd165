package org.ossnet.tracker.mirror;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.tracker.collection.MirrorSources;
import org.ossnet.tracker.collection.SnapshotCatalog;
import org.ossnet.tracker.collection.SnapshotLinks;
import org.ossnet.tracker.collection.StoredCollection;
import org.ossnet.tracker.system.KeptRead;
import org.springframework.stereotype.Component;

/**
 * Which listed mirrors hold a file's content: those whose verified version has the same SHA-256 at that path, that
 * carry the path, and, while a newer claim is being checked, whose claimed version has it too (the tree may already
 * have switched). Content, not version numbers, decides, so a mirror at an older version stays named for the files
 * unchanged since.
 *
 * <p>Every file's name entry, torrent and Metalink asks this, so the listed mirrors are read once for all collections
 * and kept ({@link KeptRead}): {@link MirrorRegistry}'s changes show on this replica as soon as they commit, another
 * replica's within {@link KeptRead#STALE_AFTER}, well inside the minute the documents naming mirrors may be cached for.
 */
@Component
class HeldFiles implements MirrorSources {

    private final SnapshotCatalog catalog;
    private final KeptRead<Map<String, List<Listed>>> listed;

    /** A mirror listed for a collection, as read: official ones first, then by registration. */
    private record Listed(
            String name,
            String baseUrl,
            boolean official,
            CarryRules rules,
            long verifiedVersion,
            Long claimedVersion) {}

    HeldFiles(MirrorRepository mirrors, SnapshotCatalog catalog) {
        this.catalog = catalog;
        // The query fetches each row's mirror with it, so what is kept needs no session to be read.
        this.listed = new KeptRead<>(() -> byCollection(mirrors.listedForAll()));
    }

    @Override
    public List<Source> holding(StoredCollection collection, SnapshotFile file) {
        List<Source> sources = new ArrayList<>();
        for (Listed mirror : listed.get().getOrDefault(collection.name(), List.of())) {
            Long claimed = mirror.claimedVersion();
            if (!mirror.rules().carries(file.path())
                    || !holds(collection, mirror.verifiedVersion(), file)
                    || (claimed != null && !holds(collection, claimed, file))) {
                continue;
            }
            String tree = SnapshotLinks.originFile(mirror.baseUrl(), RelativePath.parse(collection.mountPath()));
            sources.add(
                    new Source(SnapshotLinks.originFile(tree + "/", file.path()), mirror.name(), mirror.official()));
        }
        return sources;
    }

    /** A mirror's listing changed on this replica and the change committed: the next document reads them again. */
    void changed() {
        listed.changed();
    }

    private boolean holds(StoredCollection collection, long version, SnapshotFile file) {
        return catalog.at(collection, version)
                .flatMap(found -> found.index().file(file.path()))
                .filter(held -> held.sha256().equals(file.sha256()))
                .isPresent();
    }

    private static Map<String, List<Listed>> byCollection(List<CarriedCollection> carried) {
        Map<String, List<Listed>> by = new LinkedHashMap<>();
        for (CarriedCollection c : carried) {
            Mirror mirror = c.mirror();
            by.computeIfAbsent(c.collection(), name -> new ArrayList<>())
                    .add(new Listed(
                            mirror.name(),
                            mirror.baseUrl(),
                            mirror.official(),
                            c.rules(),
                            c.verifiedVersion(),
                            c.claimedVersion()));
        }
        by.replaceAll((name, mirrors) -> List.copyOf(mirrors));
        return Map.copyOf(by);
    }
}
