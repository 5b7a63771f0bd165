package org.ossnet.announce.membership;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerstore.PeerAnnounce;
import org.ossnet.announce.peerstore.PeerStore;
import org.ossnet.announce.peerstore.PeerStore.PeerView;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * Peers another tracker told this one of, kept in this tracker's store as if they had announced here, so the hand-out
 * treats them like any other (by region and cost). Each source's latest list replaces its previous one: peers it no
 * longer lists are removed, listed ones are refreshed and so live as long as the source keeps listing them, or for
 * the store's expiry once it falls silent (a master that is down still leaves its last peers with the region for a
 * while). A peer that announces here itself and is listed by a source is one peer (the same id); a source dropping it
 * removes it until its next announce.
 */
public final class RemoteMembers {

    private static final DefaultHandoutPolicy UNUSED = new DefaultHandoutPolicy();

    private record Key(InfoHash swarm, PeerId id) {}

    private final PeerStore store;
    private final Map<String, Set<Key>> listed = new ConcurrentHashMap<>();

    public RemoteMembers(PeerStore store) {
        this.store = store;
    }

    /**
     * Replaces what {@code source} said before with {@code swarms}, only for swarms {@code known} accepts.
     *
     * @return how many peers are now held for the source
     */
    public synchronized int apply(String source, Map<InfoHash, List<PeerView>> swarms, Predicate<InfoHash> known) {
        Set<Key> now = new HashSet<>();
        swarms.forEach((swarm, peers) -> {
            if (!known.test(swarm)) {
                return;
            }
            for (PeerView peer : peers) {
                store.announce(
                        swarm,
                        new PeerAnnounce(
                                peer.id(), peer.address(), peer.port(), peer.seed() ? 0 : 1, AnnounceEvent.NONE, false),
                        0,
                        UNUSED,
                        (address, port, id) -> {});
                now.add(new Key(swarm, peer.id()));
            }
        });
        for (Key gone : listed.getOrDefault(source, Set.of())) {
            if (!now.contains(gone)) {
                store.announce(
                        gone.swarm(),
                        new PeerAnnounce(gone.id(), new byte[4], 0, 0, AnnounceEvent.STOPPED, false),
                        0,
                        UNUSED,
                        (address, port, id) -> {});
            }
        }
        listed.put(source, now);
        return now.size();
    }
}
