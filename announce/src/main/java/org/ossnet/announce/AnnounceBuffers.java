package org.ossnet.announce;

import org.ossnet.announce.protocol.BencodeWriter;

/**
 * The buffers one thread reuses for announce after announce (a selector loop of the listener holds one): the reply
 * body and the peers gathered for it, so answering allocates no per-reply arrays. Not for sharing between threads.
 */
public final class AnnounceBuffers {

    final PeerReply peers = new PeerReply();
    final BencodeWriter body = new BencodeWriter(1024);

    /** The body of the last reply written into these buffers, valid until the next. */
    public BencodeWriter body() {
        return body;
    }
}
