package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ossnet.agent.picker.QueueDepth;
import org.ossnet.agent.ratelimit.Throttle;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.agent.tls.TlsPeer;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.MessageDecoder;
import org.ossnet.agent.wire.MessageEncoder;
import org.ossnet.agent.wire.PeerMessage;

/**
 * One peer connection after its handshake: a virtual thread reads and decodes, another writes from a bounded queue.
 * It speaks over a {@link ByteChannel}: the {@link SocketChannel} itself for a plain peer, read and written directly as
 * before, or a {@link TlsPeer} for a private swarm's.
 *
 * <p>Requests to serve are queued as requests, not blocks: the block is read from disk only when the writer is about
 * to send it, so a full queue costs a few bytes per entry, and a cancel or a choke can still withdraw it.
 */
final class PeerConnection implements Source {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int READ_BUFFER = 128 * 1024;

    /**
     * What a connection reads into until a read fills it: enough for the control messages of an idle connection, of
     * which a mirror seeding thousands of files holds thousands (at 128 KiB each they exhausted the direct memory of a
     * 512 MiB JVM, which then ran a full collection every second).
     */
    private static final int FIRST_READ_BUFFER = 16 * 1024;

    /** How many blocks a capped upload pays for when it has to wait ({@link #uploadCredit}). */
    static final int UPLOAD_GRANT_BLOCKS = 4;

    /** What the writer sends next: a message, or a block to read and send if still wanted. */
    private sealed interface Outgoing {
        record Send(PeerMessage message) implements Outgoing {}

        record Serve(PeerMessage.Request request) implements Outgoing {}

        record Stop() implements Outgoing {}
    }

    final int id = IDS.incrementAndGet();
    final InetSocketAddress remote;
    /** This end's address, as the peer sees it (on loopback and a LAN) and as {@link SwarmHandler} ranks it. */
    final InetSocketAddress local;

    final Handshake handshake;
    final RateMeter received = new RateMeter();
    final RateMeter sent = new RateMeter();
    volatile boolean amChoking = true;
    volatile boolean amInterested;
    volatile boolean peerChoking = true;
    volatile boolean peerInterested;
    volatile long lastReceivedNanos = System.nanoTime();
    /** When a block last moved either way, or when the connection began; what {@link Admission} judges idleness by. */
    volatile long lastBlockNanos = lastReceivedNanos;

    /** The TLS session of a private swarm's peer, whose credential is checked again while connected; null if plain. */
    final TlsPeer tls;

    private final ByteChannel channel;
    private final SwarmHandler handler;
    private final PieceStore store;
    private final Throttle uploadThrottle;
    private final Throttle downloadThrottle;
    private final BlockingQueue<Outgoing> queue;
    private final Set<PeerMessage.Request> queuedUploads = ConcurrentHashMap.newKeySet();
    private final int maxQueuedUploads;
    private final long keepAliveNanos;
    private final AtomicBoolean closed = new AtomicBoolean();

    PeerConnection(
            ByteChannel channel,
            Handshake handshake,
            SwarmHandler handler,
            PieceStore store,
            Throttle uploadThrottle,
            Throttle downloadThrottle,
            SwarmConfig config)
            throws IOException {
        this.channel = channel;
        this.tls = channel instanceof TlsPeer peer ? peer : null;
        SocketChannel socket = socketOf(channel);
        // Requests are 17-byte frames that must leave at once: Nagle would hold them for the peer's delayed ACK.
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.remote = (InetSocketAddress) socket.getRemoteAddress();
        this.local = (InetSocketAddress) socket.getLocalAddress();
        this.handshake = handshake;
        this.handler = handler;
        this.store = store;
        this.uploadThrottle = uploadThrottle;
        this.downloadThrottle = downloadThrottle;
        this.maxQueuedUploads = config.maxQueuedUploads();
        // Room for every allowed upload plus the control messages and our own requests in flight beside them.
        this.queue = new ArrayBlockingQueue<>(
                config.maxQueuedUploads() + 2 * Math.max(QueueDepth.MAX, config.requestQueueDepth()) + 64);
        this.keepAliveNanos = config.keepAliveInterval().toNanos();
    }

    /** The TCP socket under {@code channel}, for socket options and addresses. */
    static SocketChannel socketOf(ByteChannel channel) {
        return channel instanceof TlsPeer peer ? peer.socket() : (SocketChannel) channel;
    }

    boolean supportsFast() {
        return handshake.supportsFast();
    }

    /** Starts the writer and runs the reader on this thread until the connection ends; {@code leftover} came early. */
    void run(MessageDecoder decoder, ByteBuffer leftover) {
        Thread.ofVirtual().name("peer-writer-" + id).start(this::writeLoop);
        try {
            handler.connected(this);
            decoder.decode(leftover, this::receive);
            // Direct, so a read lands here without the copy through the JDK's temporary direct buffer.
            ByteBuffer buffer = ByteBuffer.allocateDirect(FIRST_READ_BUFFER);
            while (!closed.get()) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                if (downloadThrottle != null) {
                    downloadThrottle.acquire(n);
                }
                lastReceivedNanos = System.nanoTime();
                decoder.decode(buffer.flip(), this::receive);
                if (n == buffer.capacity() && n < READ_BUFFER) {
                    // Data comes faster than the small buffer takes it: a transfer, worth the big one.
                    buffer = ByteBuffer.allocateDirect(READ_BUFFER);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A bad frame, a reset or a closed channel ends only this connection.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void receive(PeerMessage message) {
        if (!closed.get()) {
            handler.received(this, message);
        }
    }

    /** Queues a message; a peer that lets the queue overflow is not reading, so it is dropped. */
    void send(PeerMessage message) {
        if (!closed.get() && !queue.offer(new Outgoing.Send(message))) {
            close();
        }
    }

    /** Queues a request to serve; false if the peer already has too many waiting, so the caller rejects it. */
    boolean serve(PeerMessage.Request request) {
        if (queuedUploads.size() >= maxQueuedUploads || !queuedUploads.add(request)) {
            return false;
        }
        if (!queue.offer(new Outgoing.Serve(request))) {
            queuedUploads.remove(request);
            return false;
        }
        return true;
    }

    /** Withdraws a queued request; true if it had not been sent yet. */
    boolean withdraw(PeerMessage.Request request) {
        return queuedUploads.remove(request);
    }

    /** Withdraws every queued request, for a choke, and returns them so they can be rejected under the fast extension. */
    Set<PeerMessage.Request> withdrawAll() {
        Set<PeerMessage.Request> withdrawn = Set.copyOf(queuedUploads);
        queuedUploads.removeAll(withdrawn);
        return withdrawn;
    }

    boolean isClosed() {
        return closed.get();
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(new Outgoing.Stop());
            try {
                channel.close();
            } catch (IOException e) {
                // Closing is best effort; the socket is gone either way.
            }
            handler.disconnected(this);
        }
    }

    private void writeLoop() {
        var writer = new FrameWriter(channel);
        try {
            while (!closed.get()) {
                Outgoing next = queue.poll(keepAliveNanos, TimeUnit.NANOSECONDS);
                if (next == null) {
                    next = new Outgoing.Send(new PeerMessage.KeepAlive());
                }
                // Everything already queued goes out in one write; an empty queue means flush now, not later.
                for (; next != null; next = queue.poll()) {
                    switch (next) {
                        case Outgoing.Send s -> writer.message(s.message());
                        case Outgoing.Serve s -> upload(s.request(), writer);
                        case Outgoing.Stop s -> {
                            return;
                        }
                    }
                }
                writer.flush();
            }
        } catch (IOException | RuntimeException e) {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    /**
     * Upload bytes taken from the throttle and not sent yet, the writer thread's alone: a connection that has to wait
     * for its cap waits once for {@link #UPLOAD_GRANT_BLOCKS} blocks, not once per block. Every wait is a virtual
     * thread's timed sleep, a task for the JDK's delay scheduler and an unpark; per 16 KiB block at a 20 MiB/s cap
     * they cost a capped seed several per cent of its CPU.
     */
    private long uploadCredit;

    private void upload(PeerMessage.Request request, FrameWriter writer) throws IOException, InterruptedException {
        // Checked again here: the peer may have been choked, or upload refused, since the request was queued.
        if (!queuedUploads.remove(request) || !handler.mayServe(this, request.pieceIndex())) {
            return;
        }
        int length = request.length();
        int frame = MessageEncoder.PIECE_HEADER_LENGTH + length;
        if (uploadCredit >= frame) {
            uploadCredit -= frame;
        } else if (!uploadThrottle.tryAcquire(frame)) {
            // What is gathered already was paid for; it should not wait for this block's tokens.
            if (!writer.isEmpty()) {
                writer.flush();
            }
            long grant = Math.max(frame, Math.min((long) UPLOAD_GRANT_BLOCKS * frame, uploadThrottle.largestAcquire()));
            uploadThrottle.acquire(grant);
            uploadCredit += grant - frame;
        }
        writer.block(store, request.pieceIndex(), request.begin(), length);
        sent.add(length);
        lastBlockNanos = System.nanoTime();
        handler.uploaded(this, length);
    }

    @Override
    public String toString() {
        return "peer " + id + " " + remote;
    }
}
