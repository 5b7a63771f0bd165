package org.ossnet.agent.region;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.region.RegionAuthorityException;
import org.ossnet.core.region.RegionAuthorityVerifier;
import tools.jackson.core.JacksonException;

/**
 * The newest region authority this agent has accepted per publisher and region, kept across runs as {@code
 * LastSeenVersions} keeps snapshot versions: an older authority, however validly signed, is a rollback, and the
 * regions held are what a new authority must not overlap.
 *
 * <p>The file is JSON, {@code {"format":1,"publishers":{"example.org":{"eu":"<the authority's canonical
 * document>"}},"accepted":{"example.org":{"eu":"2026-05-01T10:00:00Z"}}}}, replaced atomically under a lock on a
 * sibling {@code .lock} file. {@code accepted} says when each region was last accepted (a file without it is read as
 * accepted at the epoch), so an agent whose master tracker is unreachable can use the region it was placed in
 * last. A damaged file is an error, never forgotten, since forgetting it would disable rollback protection.
 */
public final class AcceptedRegions {

    static final int FORMAT = 1;

    private final Path file;

    /** Authorities kept in {@code file}. */
    public AcceptedRegions(Path file) {
        this.file = file;
    }

    /**
     * @param accepted when each region was last accepted, per publisher and region, as RFC 3339 instants; null in files
     *     written before it was kept
     */
    record Document(
            int format, Map<String, Map<String, String>> publishers, Map<String, Map<String, String>> accepted) {}

    /** An authority this agent accepted, and when it last did. */
    public record Accepted(RegionAuthority authority, Instant at) {}

    /** The newest authority accepted for {@code region} of {@code publisher}, if any. */
    public Optional<RegionAuthority> get(String publisher, String region) throws IOException {
        String document = read().publishers().getOrDefault(publisher, Map.of()).get(region);
        return document == null ? Optional.empty() : Optional.of(decode(document));
    }

    /** Every authority accepted for {@code publisher}'s regions, expired ones included. */
    public List<RegionAuthority> all(String publisher) throws IOException {
        return accepted(publisher).stream().map(Accepted::authority).toList();
    }

    /** Every authority accepted for {@code publisher}'s regions, expired ones included, the last accepted first. */
    public List<Accepted> accepted(String publisher) throws IOException {
        return accepted(read(), publisher);
    }

    /** Every authority accepted, by publisher in name order, each publisher's last accepted first. */
    public Map<String, List<Accepted>> accepted() throws IOException {
        Document document = read();
        Map<String, List<Accepted>> all = new LinkedHashMap<>();
        for (String publisher : new TreeMap<>(document.publishers()).keySet()) {
            all.put(publisher, accepted(document, publisher));
        }
        return all;
    }

    private List<Accepted> accepted(Document document, String publisher) throws IOException {
        Map<String, String> times =
                document.accepted() == null ? Map.of() : document.accepted().getOrDefault(publisher, Map.of());
        List<Accepted> all = new ArrayList<>();
        for (var region :
                document.publishers().getOrDefault(publisher, Map.of()).entrySet()) {
            all.add(new Accepted(decode(region.getValue()), instant(times.get(region.getKey()))));
        }
        all.sort(Comparator.comparing(Accepted::at)
                .reversed()
                .thenComparing(a -> a.authority().region()));
        return all;
    }

    /**
     * Records {@code authority}, already verified with its publisher's pinned keys, as accepted at {@code now}, unless
     * it is older than the version held for its region or overlaps another region of its publisher still valid at
     * {@code now} (an expired one is acted on by nobody, so it cannot conflict). Checked and recorded under the lock,
     * so two agents sharing the file cannot both accept conflicting regions.
     *
     * @throws RegionAuthorityException {@link RegionAuthorityException.Problem#ROLLBACK} or {@link
     *     RegionAuthorityException.Problem#OVERLAP}; nothing is recorded
     */
    public void accept(RegionAuthority authority, Instant now) throws IOException {
        update(authority, now, true);
    }

    /** Records that {@code authority} was accepted now, unchecked; an older version never replaces a newer one. */
    public void record(RegionAuthority authority) throws IOException {
        update(authority, Instant.now(), false);
    }

    private void update(RegionAuthority authority, Instant now, boolean check) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Document held = read();
            if (check) {
                List<RegionAuthority> all = accepted(held, authority.publisher()).stream()
                        .map(Accepted::authority)
                        .toList();
                RegionAuthorityVerifier.checkNotOlder(
                        authority,
                        all.stream()
                                .filter(a -> a.region().equals(authority.region()))
                                .findFirst()
                                .orElse(null));
                RegionAuthorityVerifier.checkNoOverlap(
                        authority, all.stream().filter(a -> a.isValidAt(now)).toList());
            }
            Map<String, Map<String, String>> publishers = copy(held.publishers());
            Map<String, Map<String, String>> accepted = copy(held.accepted() == null ? Map.of() : held.accepted());
            Map<String, String> regions = publishers.computeIfAbsent(authority.publisher(), p -> new TreeMap<>());
            String newest = regions.get(authority.region());
            if (newest == null || decode(newest).version() <= authority.version()) {
                regions.put(
                        authority.region(), new String(RegionAuthorityCodec.encode(authority), StandardCharsets.UTF_8));
                accepted.computeIfAbsent(authority.publisher(), p -> new TreeMap<>())
                        .put(authority.region(), now.toString());
            }
            AtomicFiles.write(file, JsonTrees.mapper().writeValueAsBytes(new Document(FORMAT, publishers, accepted)));
        }
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> nested) {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        nested.forEach((publisher, regions) -> copy.put(publisher, new TreeMap<>(regions)));
        return copy;
    }

    private Document read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Document(FORMAT, Map.of(), Map.of());
        }
        try {
            Document document = JsonTrees.mapper().readValue(bytes, Document.class);
            if (document.format() != FORMAT || document.publishers() == null) {
                throw new IOException(file + " is not a region file of format " + FORMAT);
            }
            return document;
        } catch (JacksonException e) {
            throw new IOException(file + " is damaged (" + e.getOriginalMessage() + "); fix or remove it", e);
        }
    }

    private Instant instant(String text) throws IOException {
        if (text == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IOException(file + " holds a damaged acceptance time '" + text + "'; fix or remove it");
        }
    }

    private RegionAuthority decode(String document) throws IOException {
        try {
            return RegionAuthorityCodec.decode(document.getBytes(StandardCharsets.UTF_8));
        } catch (RegionAuthorityException e) {
            throw new IOException(
                    file + " holds a damaged region authority (" + e.getMessage() + "); fix or remove it");
        }
    }
}
