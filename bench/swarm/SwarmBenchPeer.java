import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.SwarmProgress;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.Metainfo;

/**
 * One OSSNET peer for bench/swarm-bench.sh, one JVM each, driving the swarm engine directly until {@code ossnet seed}
 * and {@code ossnet get --upload-rate … --seed-time …} can take its place.
 *
 * <pre>
 * SwarmBenchPeer seed TORRENT FILE     --port P --status S [--upload-rate BYTES]
 * SwarmBenchPeer get  TORRENT OUT_FILE --port P --status S --sha256 HEX --peers HOST:PORT,... [--upload-rate BYTES]
 * </pre>
 *
 * Peers come from {@code --peers} instead of a tracker; they are dialled again every 250 ms while not connected (a
 * listener may not be up yet). The process seeds until it is terminated. The status file is rewritten every 250 ms
 * (every 50 ms until done) and on exit as {@code verified uploaded downloaded done peers first_byte}, the two times in
 * epoch seconds, 0 until the file is verified or its first block arrived.
 */
public final class SwarmBenchPeer {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Metainfo torrent = Metainfo.parse(Files.readAllBytes(Path.of(args[1])));
        Path file = Path.of(args[2]);
        int port = 0;
        Path status = null;
        byte[] sha256 = null;
        long uploadRate = TokenBucket.UNLIMITED;
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int i = 3; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--status" -> status = Path.of(value);
                case "--sha256" -> sha256 = HexFormat.of().parseHex(value);
                case "--upload-rate" -> uploadRate = value.equals("0") ? TokenBucket.UNLIMITED : Long.parseLong(value);
                case "--peers" -> {
                    for (String peer : value.split(",")) {
                        if (!peer.isBlank()) {
                            String[] hostPort = peer.split(":");
                            peers.add(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SwarmConfig config = SwarmConfig.defaults(PeerId.random(PeerId.AGENT_PREFIX))
                .withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")))
                .withUploadRate(uploadRate);
        var listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        TorrentSession session = mode.equals("seed")
                ? TorrentSession.seed(file, torrent.infoHash(), torrent.info(), config.withSuperSeeding())
                : TorrentSession.download(file, torrent.infoHash(), torrent.info(), sha256, config);
        listener.register(session);
        AtomicLong firstByteMillis = new AtomicLong();
        AtomicLong doneMillis = new AtomicLong(mode.equals("seed") ? System.currentTimeMillis() : 0);
        session.completion().thenRun(() -> doneMillis.compareAndSet(0, System.currentTimeMillis()));
        Path statusFile = status;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> writeStatus(statusFile, session, doneMillis.get(), firstByteMillis.get())));
        long nextDial = 0;
        while (true) {
            if (System.nanoTime() - nextDial >= 0) {
                for (InetSocketAddress peer : peers) {
                    session.addPeer(peer);
                }
                nextDial = System.nanoTime() + 250_000_000L;
            }
            if (firstByteMillis.get() == 0 && session.progress().downloadedBytes() > 0) {
                firstByteMillis.set(System.currentTimeMillis());
            }
            writeStatus(status, session, doneMillis.get(), firstByteMillis.get());
            Thread.sleep(doneMillis.get() == 0 ? 50 : 250);
        }
    }

    private static void writeStatus(Path status, TorrentSession session, long doneMillis, long firstByteMillis) {
        SwarmProgress p = session.progress();
        String line = String.format(
                Locale.ROOT,
                "%d %d %d %.3f %d %.3f%n",
                p.verifiedBytes(),
                p.uploadedBytes(),
                p.downloadedBytes(),
                doneMillis / 1000.0,
                p.connectedPeers(),
                firstByteMillis / 1000.0);
        try {
            Path tmp = status.resolveSibling(status.getFileName() + ".tmp");
            Files.writeString(tmp, line);
            Files.move(tmp, status, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            System.err.println("cannot write " + status + ": " + e);
        }
    }
}
