package org.ossnet.announce;

import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * Told of every {@code event=completed} announce the engine accepted for a known swarm, so the service can count
 * downloads (a tracker turns them into statistics events). Called on the announce path, on the listener's event
 * loops: an implementation must return at once and never block, for example by handing the completion to a bounded
 * queue that something else drains.
 */
@FunctionalInterface
public interface CompletionListener {

    /** The listener that ignores every completion: the engine's default. */
    CompletionListener NONE = (infoHash, peerId) -> {};

    /** {@code peerId} announced {@code event=completed} in the known swarm {@code infoHash}. */
    void completed(InfoHash infoHash, PeerId peerId);
}
