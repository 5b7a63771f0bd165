/**
 * The swarm engine of one torrent: connections, handshakes, the BEP 6/9/10 extensions, request pipelining, choking,
 * uploads, BEP 19 web seeds and completion, built on the {@code wire}, {@code storage}, {@code picker}, {@code
 * ratelimit} and {@code ban} units.
 *
 * <p>Transport: NIO {@link java.nio.channels.SocketChannel}s in blocking mode, one virtual thread reading each
 * connection and one virtual thread writing it from a bounded queue. We chose this over a selector loop or Netty
 * because blocking code on virtual threads reads top to bottom like the protocol, needs no dependency, and still
 * scales to thousands of connections (a parked virtual thread costs a few KiB). Backpressure comes from the bounded
 * queue: a peer may have at most {@link org.ossnet.agent.swarm.SwarmConfig#maxQueuedUploads()} requests waiting, more
 * are rejected, and block data is read from disk only when the writer is about to send it.
 *
 * <p>A connection reads and writes a {@link java.nio.channels.ByteChannel}: the socket itself for a public swarm, or a
 * {@link org.ossnet.agent.tls.TlsPeer} (TLS 1.3 between credentialed mirrors, package {@code tls}) for a private one,
 * which a {@link org.ossnet.agent.swarm.PeerListener} tells apart by the first byte on the same port.
 */
package org.ossnet.agent.swarm;
