package org.ossnet.core.snapshot;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.PathConflicts;

/**
 * One immutable, numbered publication of a collection: the list of its files, when it was made, until when
 * clients may trust it, and, for embargoed releases, when it becomes public. Its signed form is
 * {@link SnapshotCodec#encode}.
 *
 * <p>The constructor normalises what has a single sensible form, so that {@code decode(encode(s))} equals
 * {@code s}: the collection loses a trailing slash, times are truncated to whole seconds, and files are sorted by
 * path in UTF-8 byte order. Everything else that is wrong is rejected with {@link InvalidSnapshotException}.
 *
 * @param collection the collection's name, {@code ossnet://publisher/mount/path}, never the root
 * @param version strictly increasing per collection, 1 to 2^53-1
 * @param created when the snapshot was made
 * @param expires after this instant clients refuse the snapshot, to defeat freeze attacks; after {@code created}
 * @param embargoUntil if present, the snapshot is only for credentialed mirrors before this instant; before
 *     {@code expires}
 * @param files the files, without duplicate paths, and none that a directory tree cannot hold beside another (see
 *     {@link PathConflicts}); conflicts are reported as {@code files[i].path} by position in path order
 */
public record Snapshot(
        OssnetName collection,
        long version,
        Instant created,
        Instant expires,
        Optional<Instant> embargoUntil,
        List<SnapshotFile> files) {

    /** The only document format this code reads and writes. */
    public static final int FORMAT = 1;

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public Snapshot {
        Objects.requireNonNull(collection, "collection");
        if (collection.isRoot()) {
            throw new InvalidSnapshotException("collection", "must name a collection, not the publisher's root");
        }
        collection = collection.asFile();
        if (version < 1 || version > SnapshotFile.MAX_SAFE_INTEGER) {
            throw new InvalidSnapshotException(
                    "version", "is " + version + ", not in 1.." + SnapshotFile.MAX_SAFE_INTEGER);
        }
        created = wholeSeconds("created", created);
        expires = wholeSeconds("expires", expires);
        if (!expires.isAfter(created)) {
            throw new InvalidSnapshotException("expires", "is " + expires + ", not after created " + created);
        }
        embargoUntil = Objects.requireNonNull(embargoUntil, "embargoUntil").map(t -> wholeSeconds("embargoUntil", t));
        if (embargoUntil.isPresent() && !embargoUntil.get().isBefore(expires)) {
            throw new InvalidSnapshotException(
                    "embargoUntil", "is " + embargoUntil.get() + ", not before expires " + expires);
        }
        List<SnapshotFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(SnapshotFile::path));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).path().equals(sorted.get(i - 1).path())) {
                throw new InvalidSnapshotException(
                        "files", "path '" + sorted.get(i).path() + "' is listed twice");
            }
        }
        PathConflicts.first(sorted.stream().map(SnapshotFile::path).toList()).ifPresent(c -> {
            throw new InvalidSnapshotException("files[" + c.index() + "].path", c.reason("files[" + c.other() + "]"));
        });
        files = List.copyOf(sorted);
    }

    /** Whether clients must refuse this snapshot at {@code now}: at or after {@code expires}. */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expires);
    }

    /** Whether {@code now} is before the embargo ends, so only credentialed mirrors may see the snapshot. */
    public boolean isEmbargoed(Instant now) {
        return embargoUntil.isPresent() && now.isBefore(embargoUntil.get());
    }

    private static Instant wholeSeconds(String field, Instant t) {
        Objects.requireNonNull(t, field);
        Instant truncated = t.truncatedTo(ChronoUnit.SECONDS);
        if (truncated.isBefore(EARLIEST) || truncated.isAfter(LATEST)) {
            throw new InvalidSnapshotException(field, "is " + t + ", outside the years 0000-9999 RFC 3339 can express");
        }
        return truncated;
    }
}
