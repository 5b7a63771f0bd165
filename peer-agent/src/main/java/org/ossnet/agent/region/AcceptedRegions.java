package org.ossnet.agent.region;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.region.RegionAuthorityException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The newest region authority this agent has accepted per publisher and region, kept across runs as {@code
 * LastSeenVersions} keeps snapshot versions: an older authority, however validly signed, is a rollback, and the
 * regions held are what a new authority must not overlap.
 *
 * <p>The file is JSON, {@code {"format":1,"publishers":{"example.org":{"eu":"<the authority's canonical
 * document>"}}}}, replaced atomically under a lock on a sibling {@code .lock} file. A damaged file is an error, never
 * forgotten, since forgetting it would disable rollback protection.
 */
public final class AcceptedRegions {

    static final int FORMAT = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    /** Authorities kept in {@code file}. */
    public AcceptedRegions(Path file) {
        this.file = file;
    }

    record Document(int format, Map<String, Map<String, String>> publishers) {}

    /** The newest authority accepted for {@code region} of {@code publisher}, if any. */
    public Optional<RegionAuthority> get(String publisher, String region) throws IOException {
        String document = read().getOrDefault(publisher, Map.of()).get(region);
        return document == null ? Optional.empty() : Optional.of(decode(document));
    }

    /** Every authority accepted for {@code publisher}'s regions, expired ones included. */
    public List<RegionAuthority> all(String publisher) throws IOException {
        List<RegionAuthority> all = new ArrayList<>();
        for (String document : read().getOrDefault(publisher, Map.of()).values()) {
            all.add(decode(document));
        }
        return all;
    }

    /** Records that {@code authority} was accepted; an older version never replaces a newer one. */
    public void record(RegionAuthority authority) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Map<String, Map<String, String>> publishers = new TreeMap<>();
            read().forEach((publisher, regions) -> publishers.put(publisher, new TreeMap<>(regions)));
            Map<String, String> regions = publishers.computeIfAbsent(authority.publisher(), p -> new TreeMap<>());
            String held = regions.get(authority.region());
            if (held == null || decode(held).version() <= authority.version()) {
                regions.put(
                        authority.region(), new String(RegionAuthorityCodec.encode(authority), StandardCharsets.UTF_8));
            }
            AtomicFiles.write(file, JSON.writeValueAsBytes(new Document(FORMAT, publishers)));
        }
    }

    private Map<String, Map<String, String>> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        try {
            Document document = JSON.readValue(bytes, Document.class);
            if (document.format() != FORMAT || document.publishers() == null) {
                throw new IOException(file + " is not a region file of format " + FORMAT);
            }
            return document.publishers();
        } catch (JacksonException e) {
            throw new IOException(file + " is damaged (" + e.getOriginalMessage() + "); fix or remove it", e);
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
