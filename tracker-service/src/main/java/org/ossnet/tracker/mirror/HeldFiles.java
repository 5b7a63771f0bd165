package org.ossnet.tracker.mirror;

import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.tracker.collection.MirrorSources;
import org.ossnet.tracker.collection.SnapshotCatalog;
import org.ossnet.tracker.collection.SnapshotLinks;
import org.ossnet.tracker.collection.StoredCollection;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which listed mirrors hold a file's content: those whose verified version has the same SHA-256 at that path, that
 * carry the path, and, while a newer claim is being checked, whose claimed version has it too (the tree may already
 * have switched). Content, not version numbers, decides, so a mirror at an older version stays named for the files
 * unchanged since.
 */
@Component
class HeldFiles implements MirrorSources {

    private final MirrorRepository mirrors;
    private final SnapshotCatalog catalog;

    HeldFiles(MirrorRepository mirrors, SnapshotCatalog catalog) {
        this.mirrors = mirrors;
        this.catalog = catalog;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Source> holding(StoredCollection collection, SnapshotFile file) {
        List<Source> sources = new ArrayList<>();
        for (CarriedCollection carried : mirrors.listedFor(collection.name())) {
            Long claimed = carried.claimedVersion();
            if (!carried.rules().carries(file.path())
                    || !holds(collection, carried.verifiedVersion(), file)
                    || (claimed != null && !holds(collection, claimed, file))) {
                continue;
            }
            Mirror mirror = carried.mirror();
            String tree = SnapshotLinks.originFile(mirror.baseUrl(), RelativePath.parse(collection.mountPath()));
            sources.add(
                    new Source(SnapshotLinks.originFile(tree + "/", file.path()), mirror.name(), mirror.official()));
        }
        return sources;
    }

    private boolean holds(StoredCollection collection, long version, SnapshotFile file) {
        return catalog.at(collection, version)
                .flatMap(found -> found.index().file(file.path()))
                .filter(held -> held.sha256().equals(file.sha256()))
                .isPresent();
    }
}
