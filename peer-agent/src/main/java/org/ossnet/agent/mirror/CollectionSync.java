package org.ossnet.agent.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ossnet.agent.resolve.SignedSnapshot;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.core.torrent.InfoHash;

/**
 * Brings the served tree of one collection to a new verified snapshot, fetching only content the tree holds nowhere.
 *
 * <p>Every carried file of the new snapshot is first put together in the staging directory (on the tree's file
 * system): a file unchanged at its path stays where it is; content the tree holds at another path (renamed, copied)
 * is hard-linked or copied from there; the rest comes from the {@link ContentSource}. Each is checked against the
 * signed SHA-256. Only when all are staged is the switch written down as begun; then data files are renamed into the
 * tree, index and metadata files after them, and the snapshot document last, as Debian's two-stage ftpsync does, so
 * an HTTP client never reads an index naming a file not there yet. Files the new snapshot dropped stay for the grace
 * period. The {@link SyncJournal} lets a restart after SIGKILL finish a begun switch, and staged files are kept
 * across restarts, so verified data is never fetched twice.
 */
public final class CollectionSync {

    /** Points a sync passes, for tests that stop it there as a crash would. */
    @FunctionalInterface
    public interface Checkpoints {

        /** No checkpoint does anything. */
        Checkpoints NONE = point -> {};

        /** Called at {@code point}; an exception thrown here stops the sync dead, as SIGKILL would. */
        void reached(String point) throws IOException;
    }

    /**
     * What one sync did.
     *
     * @param version the version the tree holds afterwards
     * @param switched whether the tree switched to it now
     * @param kept files left in place, unchanged
     * @param linked files linked or copied from elsewhere in the tree
     * @param resumed files found already staged and verified by an earlier, interrupted sync
     * @param fetched files fetched from the content source
     * @param releaseAt for a snapshot staged completely but embargoed, the instant its switch waits for (the tree
     *     still holds {@code version}'s predecessor until then); null otherwise
     */
    public record Result(
            long version, boolean switched, int kept, int linked, int resumed, int fetched, Instant releaseAt) {

        /** A sync that is not waiting for a release. */
        public Result(long version, boolean switched, int kept, int linked, int resumed, int fetched) {
            this(version, switched, kept, linked, resumed, fetched, null);
        }

        /** Whether the new snapshot is staged and waits for its release instant. */
        public boolean awaitsRelease() {
            return releaseAt != null;
        }
    }

    /**
     * The order index files are switched in: those that name the others by hash last (a dnf repository's {@code
     * repomd.xml}, an apt archive's {@code Release} and {@code InRelease}), deeper paths before shallower ones
     * ({@code dists/x/main/binary-amd64/Packages} before {@code dists/x/InRelease}), otherwise the snapshot's order.
     */
    static final Comparator<List<String>> INDEX_ORDER = Comparator.<List<String>>comparingInt(
                    segments -> namesOthers(segments.getLast()) ? 1 : 0)
            .thenComparing(Comparator.<List<String>>comparingInt(List::size).reversed());

    private static boolean namesOthers(String name) {
        return name.startsWith("repomd.xml") || name.startsWith("Release") || name.equals("InRelease");
    }

    private final MirrorConfig.Collection collection;
    private final HeldTree tree;
    private final Path work;
    private final Path journalFile;
    private final MirrorConfig config;
    private final ContentSource source;
    private final Clock clock;
    private final Checkpoints checkpoints;

    public CollectionSync(
            MirrorConfig config,
            MirrorConfig.Collection collection,
            ContentSource source,
            Clock clock,
            Checkpoints checkpoints) {
        this.config = config;
        this.collection = collection;
        this.tree = new HeldTree(collection.in(config.tree()));
        this.work = collection.in(config.staging());
        this.journalFile = work.resolve("journal.json");
        this.source = source;
        this.clock = clock;
        this.checkpoints = checkpoints;
    }

    /** The collection synced. */
    public MirrorConfig.Collection collection() {
        return collection;
    }

    /** The collection's served tree. */
    public HeldTree tree() {
        return tree;
    }

    /**
     * Finishes a switch a crash interrupted; the tree then holds the version it was switching to. Does nothing when no
     * switch was begun.
     */
    public void recover() throws IOException {
        SyncJournal journal = journal();
        if (journal.phase() == SyncJournal.Phase.SWITCHING) {
            switchTo(journal);
        }
    }

    /**
     * Brings the tree to {@code signed}, which the caller verified (signature, rollback, freeze), and adds what it
     * holds afterwards to {@code index}.
     *
     * @throws SyncException if some file could not be fetched or verified; the tree is as it was
     */
    public Result apply(SignedSnapshot signed, ContentIndex index)
            throws IOException, SyncException, InterruptedException {
        recover();
        Snapshot next = signed.snapshot();
        long held = tree.version();
        if (next.version() <= held) {
            return new Result(held, false, 0, 0, 0, 0);
        }
        SyncJournal journal = journal();
        Optional<Instant> embargo =
                next.embargoUntil().filter(until -> clock.instant().isBefore(until));
        if (journal.phase() == SyncJournal.Phase.STAGED && journal.version() == next.version()) {
            // Staged and verified before: wait for the release, or switch now that it has come.
            if (embargo.isPresent()) {
                return new Result(held, false, 0, 0, 0, 0, embargo.get());
            }
            return switchStaged(journal, next.version(), index, 0, 0, 0, 0);
        }
        Map<String, SnapshotFile> before = heldFiles();
        Path stage = prepareStage(next.version(), signed);
        journal = journal();
        new SyncJournal(next.version(), SyncJournal.Phase.STAGING, journal.removals()).write(journalFile);

        int kept = 0, linked = 0, resumed = 0;
        List<ContentSource.Wanted> wanted = new ArrayList<>();
        for (SnapshotFile file : carried(next)) {
            SnapshotFile old = before.get(file.path().path());
            Path staged = stage.resolve(file.path().path());
            if (old != null && old.sha256().equals(file.sha256()) && tree.holds(file)) {
                kept++;
            } else if (Files.exists(staged) && Staging.verified(staged, file)) {
                resumed++;
            } else if (file.size() == 0) {
                Staging.empty(staged);
                linked++;
            } else if (linkFromTree(index, file, staged)) {
                linked++;
            } else {
                if (old != null && file.infoHash() != null && tree.holds(old)) {
                    // A changed file: start from the held version, so only the pieces that differ are fetched.
                    Files.createDirectories(staged.getParent());
                    PieceStore.startFrom(
                            staged, InfoHash.parse(file.infoHash()), file.size(), file.pieceLength(), tree.file(old));
                }
                wanted.add(new ContentSource.Wanted(
                        collection.name(), next.version(), file, staged, embargo.orElse(null)));
                continue;
            }
            checkpoints.reached("staged " + file.path().path());
        }
        fetch(wanted);
        checkpoints.reached("staged all");
        if (embargo.isPresent()) {
            new SyncJournal(next.version(), SyncJournal.Phase.STAGED, journal.removals()).write(journalFile);
            return new Result(held, false, kept, linked, resumed, wanted.size(), embargo.get());
        }
        return switchStaged(journal, next.version(), index, kept, linked, resumed, wanted.size());
    }

    /** Switches the tree to {@code version}, every file of which is staged and verified. */
    private Result switchStaged(
            SyncJournal journal, long version, ContentIndex index, int kept, int linked, int resumed, int fetched)
            throws IOException {
        Map<String, SnapshotFile> before = heldFiles();
        Snapshot next = stagedSnapshot(version).snapshot();
        List<SyncJournal.Removal> removals = new ArrayList<>(journal.removals());
        Set<String> listed = new HashSet<>();
        carried(next).forEach(f -> listed.add(f.path().path()));
        Instant after = clock.instant().plus(config.grace());
        for (SnapshotFile old : before.values()) {
            if (!listed.contains(old.path().path()) && tree.holds(old)) {
                removals.add(new SyncJournal.Removal(old.path().path(), after));
            }
        }
        SyncJournal switching = new SyncJournal(version, SyncJournal.Phase.SWITCHING, removals);
        switching.write(journalFile);
        switchTo(switching);
        tree.indexInto(index);
        return new Result(version, true, kept, linked, resumed, fetched);
    }

    /**
     * Deletes the dropped files whose grace period has ended, unless the held snapshot lists them again.
     *
     * @return how many files were deleted
     */
    public int expire() throws IOException {
        SyncJournal journal = journal();
        if (journal.removals().isEmpty() || journal.phase() != SyncJournal.Phase.HELD) {
            return 0;
        }
        Set<String> listed = heldFiles().keySet();
        Instant now = clock.instant();
        List<SyncJournal.Removal> waiting = new ArrayList<>();
        int deleted = 0;
        for (SyncJournal.Removal removal : journal.removals()) {
            if (removal.after().isAfter(now)) {
                waiting.add(removal);
            } else if (!listed.contains(removal.path())) {
                Staging.remove(tree.root(), tree.root().resolve(removal.path()));
                deleted++;
            }
        }
        new SyncJournal(journal.version(), journal.phase(), waiting).write(journalFile);
        return deleted;
    }

    /** When the next dropped file may be deleted, if any waits. */
    public Optional<Instant> nextExpiry() throws IOException {
        return journal().removals().stream().map(SyncJournal.Removal::after).min(Instant::compareTo);
    }

    private void switchTo(SyncJournal journal) throws IOException {
        Path stage = stageOf(journal.version());
        SignedSnapshot signed = stagedSnapshot(journal.version());
        List<SnapshotFile> files = carried(signed.snapshot());
        // Data first, then index and metadata, so no index is served before the files it names; among the index
        // files the ones that name others (repomd.xml, Release, InRelease) last, and deeper ones before shallower.
        List<SnapshotFile> data =
                files.stream().filter(f -> !config.isIndex(f.path().segments())).toList();
        List<SnapshotFile> index = files.stream()
                .filter(f -> config.isIndex(f.path().segments()))
                .sorted(Comparator.comparing(f -> f.path().segments(), INDEX_ORDER))
                .toList();
        for (List<SnapshotFile> stageFiles : List.of(data, index)) {
            for (SnapshotFile file : stageFiles) {
                Path staged = stage.resolve(file.path().path());
                if (Files.exists(staged)) {
                    Staging.switchIn(staged, tree.file(file));
                    checkpoints.reached("switched " + file.path().path());
                }
            }
        }
        checkpoints.reached("switched files");
        tree.write(signed);
        checkpoints.reached("switched snapshot");
        new SyncJournal(journal.version(), SyncJournal.Phase.HELD, journal.removals()).write(journalFile);
        Staging.deleteTree(stage);
        Files.deleteIfExists(documentOf(journal.version()));
        Files.deleteIfExists(signatureOf(journal.version()));
    }

    /**
     * The staging directory of {@code version}, with its snapshot's bytes beside it for a restart to finish the
     * switch with. A directory an abandoned sync of another version left is taken over, since the files in it were
     * verified; each is checked against the new snapshot before it is used.
     */
    private Path prepareStage(long version, SignedSnapshot signed) throws IOException {
        Path stage = stageOf(version);
        Files.createDirectories(work);
        if (!Files.exists(stage)) {
            try (Stream<Path> entries = Files.list(work)) {
                Optional<Path> abandoned = entries.filter(
                                p -> p.getFileName().toString().matches("v[0-9]+"))
                        .filter(Files::isDirectory)
                        .findFirst();
                if (abandoned.isPresent()) {
                    Files.move(abandoned.get(), stage);
                }
            }
        }
        Files.createDirectories(stage);
        org.ossnet.agent.home.AtomicFiles.write(signatureOf(version), signed.signature());
        org.ossnet.agent.home.AtomicFiles.write(documentOf(version), signed.document());
        return stage;
    }

    private SignedSnapshot stagedSnapshot(long version) throws IOException {
        byte[] document = Files.readAllBytes(documentOf(version));
        try {
            return new SignedSnapshot(
                    SnapshotCodec.decode(document, SnapshotLimits.DEFAULTS),
                    document,
                    Files.readAllBytes(signatureOf(version)));
        } catch (InvalidSnapshotException e) {
            throw new IOException("the staged snapshot " + documentOf(version) + " is damaged", e);
        }
    }

    private boolean linkFromTree(ContentIndex index, SnapshotFile file, Path staged) throws IOException {
        for (Path candidate : index.find(file.sha256())) {
            if (Files.exists(candidate) && Staging.linkOrCopy(candidate, staged, file)) {
                return true;
            }
        }
        return false;
    }

    private void fetch(List<ContentSource.Wanted> wanted) throws IOException, SyncException, InterruptedException {
        if (wanted.isEmpty()) {
            return;
        }
        Map<Path, Exception> failed = new HashMap<>(source.fetch(wanted).failed());
        for (ContentSource.Wanted w : wanted) {
            if (!failed.containsKey(w.target())) {
                if (Staging.verified(w.target(), w.file())) {
                    checkpoints.reached("staged " + w.file().path().path());
                } else {
                    Files.deleteIfExists(w.target());
                    failed.put(w.target(), new IOException("its SHA-256 differs from the signed snapshot's"));
                }
            }
        }
        if (!failed.isEmpty()) {
            StringBuilder why = new StringBuilder(failed.size() + " of " + wanted.size() + " files of "
                    + collection.name() + " could not be fetched; the tree is unchanged:");
            failed.forEach((path, e) ->
                    why.append("\n  ").append(path.getFileName()).append(": ").append(e.getMessage()));
            throw new SyncException(why.toString());
        }
    }

    private List<SnapshotFile> carried(Snapshot snapshot) {
        return snapshot.files().stream()
                .filter(f -> collection.rules().carries(f.path()))
                .toList();
    }

    private Map<String, SnapshotFile> heldFiles() throws IOException {
        Map<String, SnapshotFile> files = new HashMap<>();
        tree.held().ifPresent(s -> s.files().forEach(f -> files.put(f.path().path(), f)));
        return files;
    }

    private SyncJournal journal() throws IOException {
        return SyncJournal.read(journalFile, tree.version());
    }

    private Path stageOf(long version) {
        return work.resolve("v" + version);
    }

    private Path documentOf(long version) {
        return work.resolve("v" + version + ".snapshot.json");
    }

    private Path signatureOf(long version) {
        return work.resolve("v" + version + ".snapshot.json.asc");
    }

    /** How long files a snapshot dropped stay served. */
    public Duration grace() {
        return config.grace();
    }
}
