package org.ossnet.announce.protocol;

import java.util.List;

/**
 * A decoded batch announce: one peer announcing many swarms at once.
 *
 * @param peerId the peer's 20-byte id
 * @param port its listening port
 * @param numwant peers wanted per swarm, or -1 for the tracker's default
 * @param uploadOff whether it uploads nothing ({@code upload} 0): counted, never handed out
 * @param entries the swarms, in the order given; the reply keeps this order
 */
public record BatchRequest(byte[] peerId, int port, int numwant, boolean uploadOff, List<BatchEntry> entries) {

    public BatchRequest {
        entries = List.copyOf(entries);
    }
}
