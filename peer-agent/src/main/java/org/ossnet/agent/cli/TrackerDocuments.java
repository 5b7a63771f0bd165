package org.ossnet.agent.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.agent.scan.FileHasher;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;
import tools.jackson.databind.json.JsonMapper;

/**
 * The documents a tracker answers a {@code get} of one file with, written as files for an origin to serve, for the
 * start-up cache's training run ({@link TrainStartCacheCommand}): the discovery document naming a fresh Ed25519 key,
 * the name's entry under {@code ns/}, a snapshot of the one file signed with that key, the {@code .torrent}, and an
 * announce reply naming one seed. A static origin can stand in for the tracker because every request a {@code get}
 * needs answered is a GET whose answer depends on the path alone (the origin ignores the announce's query string); the
 * download event's POST it refuses, so the event stays in the outbox of the run's temporary home, as when a tracker
 * cannot be reached.
 */
final class TrackerDocuments {

    private static final String COLLECTION = "training";

    private final Path served;
    private final URI base;
    private final Metainfo torrent;
    private final String file;

    /** Documents for the single file {@code torrent} describes, beside it in {@code served}, served at {@code base}. */
    TrackerDocuments(Path served, URI base, Metainfo torrent) {
        this.served = served;
        this.base = base;
        this.torrent = torrent;
        this.file = torrent.info().name();
    }

    /** Writes them all, with {@code seed} as the only peer of the swarm; returns the name to get. */
    OssnetName write(InetSocketAddress seed) throws IOException {
        String publisher = base.getRawAuthority();
        OssnetName collection = OssnetName.parse("ossnet://" + publisher + "/" + COLLECTION);
        OssnetName name = OssnetName.parse(collection.format() + "/" + file);
        SigningKey key = SigningKey.generate("start-up cache training <training@localhost>");
        JsonMapper json = JsonTrees.mapper();

        Files.writeString(
                Files.createDirectories(served.resolve(".well-known")).resolve("ossnet.json"),
                json.writeValueAsString(new Discovery(
                        publisher,
                        base,
                        base.resolve("announce"),
                        base.resolve("ns/"),
                        List.of(new PublisherKey(
                                key.fingerprint(), key.publicKey().armored(), true, null)),
                        base.resolve("snapshots"),
                        base.resolve("mirrors"),
                        null)));

        Path content = served.resolve(file);
        String sha256 = FileHasher.sha256(content);
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = created.plus(Duration.ofDays(1));
        byte[] snapshot = SnapshotCodec.encode(new Snapshot(
                collection,
                1,
                created,
                expires,
                Optional.empty(),
                List.of(new SnapshotFile(
                        RelativePath.parse(file),
                        Files.size(content),
                        sha256,
                        torrent.info().pieceLength(),
                        torrent.infoHash().toHex()))));
        Files.write(served.resolve("snapshot.json"), snapshot);
        Files.writeString(served.resolve("snapshot.json.asc"), key.sign(snapshot));
        Files.write(served.resolve(file + ".torrent"), torrent.toBytes());

        Files.writeString(
                Files.createDirectories(served.resolve("ns").resolve(COLLECTION))
                        .resolve(file),
                json.writeValueAsString(new NsEntry(
                        NsEntry.FILE,
                        name.format(),
                        collection.format(),
                        1,
                        base.resolve("snapshot.json"),
                        base.resolve("snapshot.json.asc"),
                        expires,
                        Files.size(content),
                        sha256,
                        torrent.infoHash().toHex(),
                        base.resolve(file + ".torrent"),
                        null,
                        null,
                        null)));
        Files.write(served.resolve("announce"), announceReply(seed));
        return name;
    }

    /** {@code d8:intervali1800e5:peers6:<ip><port>e}: the seed as the one compact IPv4 peer. */
    private static byte[] announceReply(InetSocketAddress seed) {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        reply.writeBytes("d8:intervali1800e5:peers6:".getBytes(StandardCharsets.US_ASCII));
        reply.writeBytes(seed.getAddress().getAddress());
        reply.write(seed.getPort() >> 8);
        reply.write(seed.getPort() & 0xff);
        reply.write('e');
        return reply.toByteArray();
    }
}
