package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.tls.MirrorTls;
import org.ossnet.agent.tls.PrivateSwarms;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.PieceHashes;

/** A random file with its torrent, and agents (a session behind its own listener) on loopback to share it. */
record SwarmFixtures(byte[] data, Info info, InfoHash infoHash, byte[] sha256) {

    static final int PIECE_LENGTH = 64 * 1024;

    /** One agent: a session and the listener that routes incoming connections to it. */
    record Agent(TorrentSession session, PeerListener listener, PeerId peerId) implements AutoCloseable {

        InetSocketAddress address() throws IOException {
            return listener.address();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            session.close();
        }
    }

    static SwarmFixtures random(long seed, int length) {
        return random(seed, length, PIECE_LENGTH);
    }

    /** As {@link #random(long, int)} with another piece length, for an info dictionary of many pieces. */
    static SwarmFixtures random(long seed, int length, int pieceLength) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        int pieces = (length + pieceLength - 1) / pieceLength;
        byte[] hashes = new byte[pieces * InfoHash.LENGTH];
        for (int piece = 0; piece < pieces; piece++) {
            int from = piece * pieceLength;
            MessageDigest sha1 = digest("SHA-1");
            sha1.update(data, from, Math.min(pieceLength, length - from));
            System.arraycopy(sha1.digest(), 0, hashes, piece * InfoHash.LENGTH, InfoHash.LENGTH);
        }
        var info = new Info("file.bin", length, pieceLength, PieceHashes.of(hashes), false);
        return new SwarmFixtures(
                data,
                info,
                InfoHash.sha1Of(Bencode.encode(info.toBencode())),
                digest("SHA-256").digest(data));
    }

    /** Fast timings for tests, bans by address and peer id (every test peer is 127.0.0.1), upload off. */
    static SwarmConfig config() {
        return SwarmConfig.defaults(PeerId.random("-OS0001-"))
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(600))
                .withBanByPeerId();
    }

    static SwarmConfig uploading() {
        return config().withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")));
    }

    Agent seed(Path dir, SwarmConfig config) throws IOException {
        Path file = dir.resolve("seed.bin");
        Files.write(file, data);
        return agent(TorrentSession.seed(file, infoHash, info, config), config);
    }

    Agent leecher(Path file, SwarmConfig config) throws IOException {
        return leecher(file, config, sha256);
    }

    Agent leecher(Path file, SwarmConfig config, byte[] expectedSha256) throws IOException {
        return agent(TorrentSession.download(file, infoHash, info, expectedSha256, config), config);
    }

    /**
     * A seed private to credentialed mirrors: {@code tls} builds its {@link MirrorTls} over its listener's view of the
     * private sessions, and the file is {@code name} for the credentials.
     */
    Agent privateSeed(Path dir, SwarmConfig config, OssnetName name, Function<PrivateSwarms, MirrorTls> tls)
            throws IOException {
        Path file = dir.resolve("seed.bin");
        Files.write(file, data);
        return privateAgent(config, name, tls, access -> TorrentSession.seed(file, infoHash, info, config, access));
    }

    /** A leecher private to credentialed mirrors, as {@link #privateSeed}. */
    Agent privateLeecher(Path file, SwarmConfig config, OssnetName name, Function<PrivateSwarms, MirrorTls> tls)
            throws IOException {
        return privateAgent(
                config, name, tls, access -> TorrentSession.download(file, infoHash, info, sha256, config, access));
    }

    private static Agent privateAgent(
            SwarmConfig config, OssnetName name, Function<PrivateSwarms, MirrorTls> tls, PrivateSession session)
            throws IOException {
        var listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        MirrorTls mirrorTls = tls.apply(listener.privateSwarms());
        listener.acceptTls(mirrorTls);
        TorrentSession opened = session.open(new PrivateAccess(mirrorTls, name));
        listener.register(opened);
        return new Agent(opened, listener, config.peerId());
    }

    /** Opens a session private through the access it is given. */
    @FunctionalInterface
    private interface PrivateSession {
        TorrentSession open(PrivateAccess access) throws IOException;
    }

    private static Agent agent(TorrentSession session, SwarmConfig config) throws IOException {
        var listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.register(session);
        return new Agent(session, listener, config.peerId());
    }

    static byte[] sha256(Path file) throws IOException {
        return digest("SHA-256").digest(Files.readAllBytes(file));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
