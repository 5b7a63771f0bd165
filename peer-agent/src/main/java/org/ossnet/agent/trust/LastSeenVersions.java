package org.ossnet.agent.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.core.name.OssnetName;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.databind.JsonNode;

/**
 * The highest snapshot version this agent has accepted per collection, kept across runs so that a tracker or a
 * man in the middle cannot roll a client back to an older, validly signed snapshot.
 *
 * <p>The file is JSON, {@code {"format":1,"collections":{"ossnet://example.org/demo":7}}}, replaced atomically
 * under a lock on a sibling {@code .lock} file, so concurrent agents never lose each other's updates. Unlike a
 * cache, a damaged file is an error: forgetting it would silently disable rollback protection.
 */
public final class LastSeenVersions {

    static final int FORMAT = 1;

    private final Path file;

    /** Versions kept in {@code file}. */
    public LastSeenVersions(Path file) {
        this.file = file;
    }

    /** The highest version accepted for {@code collection}, or 0 if none. */
    public long get(OssnetName collection) throws IOException {
        return read().getOrDefault(collection.asFile().format(), 0L);
    }

    /** Records that {@code version} of {@code collection} was accepted; a lower version never replaces a higher. */
    public void record(OssnetName collection, long version) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Map<String, Long> versions = new TreeMap<>(read());
            versions.merge(collection.asFile().format(), version, Math::max);
            AtomicFiles.write(file, document(versions));
        }
    }

    /** The file's bytes: {@code {"format":1,"collections":{…}}}, the collections in {@code versions}' order. */
    private static byte[] document(Map<String, Long> versions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonTrees.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeNumberProperty("format", FORMAT);
            json.writeName("collections");
            json.writeStartObject();
            versions.forEach(json::writeNumberProperty);
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private Map<String, Long> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        JsonNode document;
        try {
            document = JsonTrees.parse(bytes);
        } catch (JacksonException e) {
            throw new IOException(file + " is damaged (" + e.getOriginalMessage() + "); fix or remove it", e);
        }
        // Read from the tree: data binding's first use (a deserializer for the record, a class spun to call its
        // constructor) cost every get a few per cent of its CPU (docs/BENCHMARKS.md, "Start-up").
        JsonNode format = document.get("format");
        JsonNode collections = document.get("collections");
        if (format == null
                || !format.isIntegralNumber()
                || format.longValue() != FORMAT
                || collections == null
                || !collections.isObject()) {
            throw new IOException(file + " is not a last-seen file of format " + FORMAT);
        }
        Map<String, Long> versions = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : collections.properties()) {
            if (!entry.getValue().isIntegralNumber() || !entry.getValue().canConvertToLong()) {
                throw new IOException(file + " is damaged (the version of " + entry.getKey()
                        + " is not an integer); fix or remove it");
            }
            versions.put(entry.getKey(), entry.getValue().longValue());
        }
        return versions;
    }
}
