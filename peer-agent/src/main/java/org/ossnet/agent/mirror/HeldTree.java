package org.ossnet.agent.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.resolve.SignedSnapshot;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.snapshot.SnapshotLimits;

/**
 * The served tree of one collection and the snapshot it holds, kept beside its files at
 * {@code .ossnet/snapshot.json} (and {@code .asc}) as the mirror contract says, so that HTTP clients can verify the
 * mirror and the mirror knows after a restart what each of its files is without hashing them.
 *
 * @param root the collection's directory in the tree
 */
public record HeldTree(Path root) {

    /** The directory beside the files that holds the snapshot; no snapshot path can start with it. */
    public static final String META = ".ossnet";

    /** The snapshot document, relative to the collection's directory. */
    public static final String SNAPSHOT = META + "/snapshot.json";

    /** Its detached signature. */
    public static final String SIGNATURE = SNAPSHOT + ".asc";

    /**
     * The snapshot the tree holds, or nothing before the first switch.
     *
     * @throws IOException if it cannot be read or is not a snapshot (never written so by the mirror)
     */
    public Optional<Snapshot> held() throws IOException {
        Path document = root.resolve(SNAPSHOT);
        if (!Files.exists(document)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotCodec.decode(Files.readAllBytes(document), SnapshotLimits.DEFAULTS));
        } catch (InvalidSnapshotException e) {
            throw new IOException("the held snapshot " + document + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The version held, or 0 before the first switch. */
    public long version() throws IOException {
        return held().map(Snapshot::version).orElse(0L);
    }

    /** Where the file of the collection at {@code path} lives. */
    public Path file(SnapshotFile file) {
        return root.resolve(file.path().path());
    }

    /** Whether the tree holds {@code file} as the held snapshot lists it (a regular file of the listed size). */
    public boolean holds(SnapshotFile file) throws IOException {
        Path at = file(file);
        return Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS) && Files.size(at) == file.size();
    }

    /** Records {@code signed} as held: the signature first, then the document, each replaced atomically. */
    void write(SignedSnapshot signed) throws IOException {
        AtomicFiles.write(root.resolve(SIGNATURE), signed.signature(), "rw-r--r--");
        AtomicFiles.write(root.resolve(SNAPSHOT), signed.document(), "rw-r--r--");
    }

    /** Adds the held files present in the tree to {@code index}. */
    public void indexInto(ContentIndex index) throws IOException {
        Optional<Snapshot> held = held();
        if (held.isEmpty()) {
            return;
        }
        for (SnapshotFile f : held.get().files()) {
            if (holds(f)) {
                index.add(f.sha256(), file(f));
            }
        }
    }
}
