package org.ossnet.agent.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.json.JsonTrees;
import tools.jackson.core.JacksonException;

/**
 * Remembers the digests of files already hashed, keyed by absolute path, size and modification time, so that
 * publishing a tree again re-reads only what changed, as rsync and git do.
 *
 * <p>The file is JSON, {@code {"format":1,"entries":{"/abs/path":{"size":…,"modified":…,"sha256":…,"info":…}}}},
 * written atomically. It is only a cache: an unreadable one is ignored and rebuilt.
 */
public final class HashCache {

    static final int FORMAT = 1;

    private final Path file;
    private final Map<String, Entry> entries;
    private volatile boolean changed;

    private HashCache(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = new ConcurrentHashMap<>(entries);
    }

    /** One cached digest and the file state it belongs to. */
    record Entry(long size, long modified, String sha256, String info) {}

    record Document(int format, Map<String, Entry> entries) {}

    /** Loads the cache at {@code file}; a missing, unreadable or foreign-format file gives an empty cache. */
    public static HashCache load(Path file) {
        try {
            Document document = JsonTrees.lenientMapper().readValue(Files.readAllBytes(file), Document.class);
            if (document.format() == FORMAT && document.entries() != null) {
                return new HashCache(file, document.entries());
            }
        } catch (NoSuchFileException e) {
            // First run: nothing cached yet.
        } catch (IOException | JacksonException e) {
            // A cache may always be thrown away; the next save replaces it.
        }
        return new HashCache(file, Map.of());
    }

    /** The digest of {@code scanned} if it was hashed when it had exactly this size and modification time. */
    public Optional<FileDigest> lookup(ScannedFile scanned) {
        Entry entry = entries.get(key(scanned.file()));
        if (entry == null || entry.size() != scanned.size() || entry.modified() != scanned.modifiedNanos()) {
            return Optional.empty();
        }
        return Optional.of(new FileDigest(entry.size(), entry.sha256(), entry.info()));
    }

    /** Records the digest of {@code scanned}. */
    public void put(ScannedFile scanned, FileDigest digest) {
        Entry entry = new Entry(scanned.size(), scanned.modifiedNanos(), digest.sha256(), digest.info());
        if (!entry.equals(entries.put(key(scanned.file()), entry))) {
            changed = true;
        }
    }

    /** Forgets entries below {@code root} that are not in {@code present}, so deleted files do not pile up. */
    public void retainUnder(Path root, Set<Path> present) {
        Path top = root.toAbsolutePath().normalize();
        Set<String> keep = ConcurrentHashMap.newKeySet();
        present.forEach(p -> keep.add(key(p)));
        if (entries.keySet().removeIf(k -> Path.of(k).startsWith(top) && !keep.contains(k))) {
            changed = true;
        }
    }

    /**
     * Writes the cache atomically if anything changed since it was loaded or last saved: a seeder that finds every
     * file as it was does not write its whole cache again at every new snapshot.
     */
    public void save() throws IOException {
        if (!changed) {
            return;
        }
        changed = false;
        try {
            AtomicFiles.write(
                    file, JsonTrees.lenientMapper().writeValueAsBytes(new Document(FORMAT, new TreeMap<>(entries))));
        } catch (IOException | RuntimeException e) {
            changed = true;
            throw e;
        }
    }

    private static String key(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
