package org.ossnet.agent.swarm;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.ossnet.agent.wire.PeerMessage;

/**
 * Applies the {@link Choker}'s decisions to the connections: sends choke and unchoke, and withdraws the requests of a
 * peer it chokes (rejecting them under the fast extension, where a choke no longer implies it). With upload off, or to
 * a peer the address policy refuses, nobody is ever a candidate, so nobody is ever unchoked.
 */
final class Choking {

    private final SwarmHandler handler;
    private final Set<PeerConnection> connections;
    private final BooleanSupplier seeding;
    private final Choker<PeerConnection> choker;

    Choking(SwarmConfig config, SwarmHandler handler, Set<PeerConnection> connections, BooleanSupplier seeding) {
        this.handler = handler;
        this.connections = connections;
        this.seeding = seeding;
        long rounds = config.optimisticInterval().toNanos()
                / Math.max(1, config.chokeInterval().toNanos());
        this.choker = new Choker<>(config.unchokeSlots(), (int) Math.max(1, rounds));
    }

    synchronized void rechoke() {
        List<PeerConnection> ordered = TorrentSession.inOrder(connections);
        List<Choker.Candidate<PeerConnection>> candidates = ordered.stream()
                .filter(c -> c.peerInterested && handler.mayUploadTo(c))
                .map(this::candidate)
                .toList();
        Set<PeerConnection> unchoke = choker.select(candidates, seeding.getAsBoolean());
        for (PeerConnection c : ordered) {
            if (unchoke.contains(c)) {
                unchoke(c);
            } else {
                choke(c);
            }
        }
    }

    /**
     * A newly interested peer need not wait for the next round while a slot is free; a near one takes the slot of the
     * slowest farther peer when none is.
     */
    synchronized void peerInterested(PeerConnection c) {
        if (!handler.mayUploadTo(c)) {
            return;
        }
        List<PeerConnection> unchoked =
                connections.stream().filter(o -> !o.amChoking).toList();
        if (unchoked.size() < choker.unchokeAllUpTo(seeding.getAsBoolean())) {
            unchoke(c);
            return;
        }
        choker.displacedBy(candidate(c), unchoked.stream().map(this::candidate).toList())
                .ifPresent(far -> {
                    choke(far);
                    unchoke(c);
                });
    }

    private Choker.Candidate<PeerConnection> candidate(PeerConnection c) {
        return new Choker.Candidate<>(c, c.received.rate(), handler.isNear(c));
    }

    private void unchoke(PeerConnection c) {
        if (c.amChoking) {
            c.amChoking = false;
            c.send(new PeerMessage.Unchoke());
            handler.unchoked(c);
        }
    }

    private void choke(PeerConnection c) {
        if (!c.amChoking) {
            c.amChoking = true;
            c.send(new PeerMessage.Choke());
            handler.choked(c);
            for (PeerMessage.Request r : c.withdrawAll()) {
                if (c.supportsFast()) {
                    c.send(new PeerMessage.RejectRequest(r.pieceIndex(), r.begin(), r.length()));
                }
            }
        }
    }
}
