package org.ossnet.announce.peerstore;

import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.PeerId;

/**
 * What the store needs from one announce.
 *
 * @param id the peer's id
 * @param address its address, 4 or 16 bytes, normalised (IPv4-mapped IPv6 as IPv4)
 * @param port its listening port
 * @param left bytes still missing; 0 is a seed
 * @param event the event
 * @param uploadOff whether it uploads nothing: counted, never handed out
 */
public record PeerAnnounce(PeerId id, byte[] address, int port, long left, AnnounceEvent event, boolean uploadOff) {}
