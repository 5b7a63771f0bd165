package org.ossnet.announce.membership;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * longer lists are removed, listed ones are refreshed and so live as long as the source keeps listing them; while a
 * source cannot be reached, {@link #refresh} keeps its last list (a master that is down leaves its last peers with the
 * region until it answers again). A peer that announces here itself and is listed by a source is one peer (the same id); a source dropping it
 * removes it until its next announce.
 */
public final class RemoteMembers {

    private static final DefaultHandoutPolicy UNUSED = new DefaultHandoutPolicy();

    private record Key(InfoHash swarm, PeerId id) {}

    private final PeerStore store;
    private final Map<String, Map<Key, PeerView>> listed = new ConcurrentHashMap<>();

    public RemoteMembers(PeerStore store) {
        this.store = store;
    }

    /**
     * Replaces what {@code source} said before with {@code swarms}, only for swarms {@code known} accepts.
     *
     * @return how many peers are now held for the source
     */
    public synchronized int apply(String source, Map<InfoHash, List<PeerView>> swarms, Predicate<InfoHash> known) {
        Map<Key, PeerView> now = new HashMap<>();
        swarms.forEach((swarm, peers) -> {
            if (!known.test(swarm)) {
                return;
            }
            for (PeerView peer : peers) {
                keep(swarm, peer);
                now.put(new Key(swarm, peer.id()), peer);
            }
        });
        for (Key gone : listed.getOrDefault(source, Map.of()).keySet()) {
            if (!now.containsKey(gone)) {
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

    /**
     * Keeps what {@code source} said last as if it had said it again: while a source cannot be reached (the master
     * down), the peers it told of stay in the store instead of expiring, so a region that had not met them yet still
     * can. The next {@link #apply} replaces them as usual.
     *
     * @return how many peers were kept
     */
    public synchronized int refresh(String source) {
        Map<Key, PeerView> last = listed.getOrDefault(source, Map.of());
        last.forEach((key, peer) -> keep(key.swarm(), peer));
        return last.size();
    }

    private void keep(InfoHash swarm, PeerView peer) {
        store.announce(
                swarm,
                new PeerAnnounce(
                        peer.id(), peer.address(), peer.port(), peer.seed() ? 0 : 1, AnnounceEvent.NONE, false),
                0,
                UNUSED,
                (address, port, id) -> {});
    }
}
