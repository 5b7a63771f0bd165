package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.core.torrent.InfoHash;

/**
 * Hostile peers that hold connection slots and give nothing: each completes the handshake, then only sends
 * keep-alives, and dials again whenever the agent drops it, as an attacker trying to keep a seeder full would.
 */
final class IdlePeers implements AutoCloseable {

    private static final long KEEP_ALIVE_MILLIS = 200;

    private final List<InetAddress> sources;
    private final InetSocketAddress target;
    private final InfoHash infoHash;
    private final int pieceCount;
    private final AtomicReferenceArray<RawPeer> peers;
    private final Thread worker;
    private volatile boolean closed;

    private IdlePeers(List<InetAddress> sources, InetSocketAddress target, InfoHash infoHash, int pieceCount) {
        this.sources = sources;
        this.target = target;
        this.infoHash = infoHash;
        this.pieceCount = pieceCount;
        this.peers = new AtomicReferenceArray<>(sources.size());
        this.worker = Thread.ofVirtual().name("idle-peers").unstarted(this::run);
    }

    /** One idle peer per entry of {@code sources}, dialling {@code target}; an address may appear many times. */
    static IdlePeers start(List<InetAddress> sources, InetSocketAddress target, InfoHash infoHash, int pieceCount) {
        var crowd = new IdlePeers(List.copyOf(sources), target, infoHash, pieceCount);
        crowd.redial();
        crowd.worker.start();
        return crowd;
    }

    /** {@code count} times the same address. */
    static List<InetAddress> oneAddress(String address, int count) throws IOException {
        return Collections.nCopies(count, InetAddress.getByName(address));
    }

    /** {@code count} loopback addresses from 127.0.0.{@code first} on, one each. */
    static List<InetAddress> manyAddresses(int first, int count) throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (first + i)}));
        }
        return addresses;
    }

    private void run() {
        while (!closed) {
            for (int i = 0; i < peers.length(); i++) {
                RawPeer peer = peers.get(i);
                if (peer != null) {
                    try {
                        peer.send(new PeerMessage.KeepAlive());
                    } catch (IOException e) {
                        // Dropped: dialled again below.
                    }
                }
            }
            redial();
            try {
                Thread.sleep(KEEP_ALIVE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void redial() {
        for (int i = 0; i < peers.length() && !closed; i++) {
            RawPeer peer = peers.get(i);
            if (peer == null || peer.hungUp()) {
                try {
                    peers.set(i, RawPeer.dialFrom(sources.get(i), target, infoHash, pieceCount));
                } catch (IOException e) {
                    // Refused this time; tried again on the next round.
                    peers.set(i, null);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        worker.interrupt();
        for (int i = 0; i < peers.length(); i++) {
            RawPeer peer = peers.get(i);
            if (peer != null) {
                peer.close();
            }
        }
    }
}
