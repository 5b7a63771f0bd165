package org.ossnet.agent.fetch;

import java.nio.file.Path;
import java.util.Objects;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * One file of a {@link FetchPlan}.
 *
 * @param name the file's full {@code ossnet://} name, to look up its swarm with
 * @param file the snapshot's entry: size, SHA-256, info-hash
 * @param target where it goes on disk, checked to be inside the output directory
 * @param action what the fetch does with it
 */
public record PlannedFile(OssnetName name, SnapshotFile file, Path target, Action action) {

    /** What a fetch does with one file. */
    public enum Action {
        /** The file is already at its target with the snapshot's SHA-256. */
        SKIP,
        /** The file is empty, has no swarm, and is written directly. */
        CREATE_EMPTY,
        /** The file is fetched from its swarm (resuming whatever verified pieces an earlier run left). */
        DOWNLOAD
    }

    public PlannedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
    }
}
