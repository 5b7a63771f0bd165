package org.ossnet.agent.tls;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives an {@link SSLEngine} over a blocking {@link SocketChannel}: the handshake on the caller's thread under a
 * deadline, then blocking reads and writes with a connected {@code SocketChannel}'s semantics, one reader and one
 * writer at a time and both at once (as {@code PeerConnection}'s two virtual threads do). TLS 1.3 has no
 * renegotiation; the post-handshake messages it does have (session tickets, key updates) are handled inside
 * {@link #read}.
 *
 * <p>Buffers hold one TLS record each, sized by the session: {@code netIn} and {@code appIn} are kept in read mode
 * (what is there waits to be used), {@code netOut} is filled and drained within one call.
 */
final class TlsChannel {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** A close_notify is one record; more wraps than this mean the engine has nothing left to say. */
    private static final int MAX_CLOSING_WRAPS = 4;

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final Duration closeTimeout;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean timedOut;
    private boolean inboundDone;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;

    TlsChannel(SocketChannel socket, SSLEngine engine, Duration closeTimeout) {
        this.socket = socket;
        this.engine = engine;
        this.closeTimeout = closeTimeout;
        this.netIn =
                ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize())
                .flip();
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /**
     * Takes bytes of records that were read from the socket before this channel took it over, in read mode; they are
     * unwrapped before anything more is read.
     */
    void received(ByteBuffer bytes) {
        if (!bytes.hasRemaining()) {
            return;
        }
        if (bytes.remaining() > netIn.capacity() - netIn.remaining()) {
            netIn = ByteBuffer.allocate(netIn.remaining() + bytes.remaining())
                    .put(netIn)
                    .flip();
        }
        netIn.compact();
        netIn.put(bytes);
        netIn.flip();
    }

    SocketChannel socket() {
        return socket;
    }

    /** Whether the handshake's deadline closed the socket. */
    boolean timedOut() {
        return timedOut;
    }

    /**
     * Runs the handshake to its end, or closes the socket at {@code timeout}. On a TLS error the engine's alert is
     * sent before the exception is thrown.
     */
    void handshake(Duration timeout) throws IOException {
        ScheduledFuture<?> deadline = Deadlines.after(timeout, () -> {
            timedOut = true;
            closeSocket();
        });
        readLock.lock();
        writeLock.lock();
        try {
            engine.beginHandshake();
            HandshakeStatus status = engine.getHandshakeStatus();
            while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
                status = switch (status) {
                    case NEED_WRAP -> wrap(EMPTY).getHandshakeStatus();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrapDuringHandshake();
                    case NEED_TASK -> runTasks();
                    default -> throw new AssertionError(status);
                };
            }
        } catch (SSLException e) {
            try {
                sendClosing();
            } catch (IOException | RuntimeException alertFailed) {
                // The alert is a courtesy; the caller reports the original error.
            }
            throw e;
        } finally {
            writeLock.unlock();
            readLock.unlock();
            deadline.cancel(false);
        }
    }

    private HandshakeStatus unwrapDuringHandshake() throws IOException {
        while (true) {
            SSLEngineResult result = unwrap();
            switch (result.getStatus()) {
                case OK -> {
                    return result.getHandshakeStatus();
                }
                case BUFFER_UNDERFLOW -> {
                    if (fill() < 0) {
                        throw new EOFException("the peer closed the connection during the TLS handshake");
                    }
                }
                case BUFFER_OVERFLOW -> growAppIn();
                case CLOSED -> throw new EOFException("the peer closed the TLS session during the handshake");
            }
        }
    }

    /** As {@link SocketChannel#read(ByteBuffer)} in blocking mode: at least one byte, or -1 at the peer's close. */
    int read(ByteBuffer dst) throws IOException {
        readLock.lock();
        try {
            if (!dst.hasRemaining()) {
                return 0;
            }
            while (true) {
                if (appIn.hasRemaining()) {
                    return transfer(appIn, dst);
                }
                if (inboundDone) {
                    return -1;
                }
                SSLEngineResult result = unwrap();
                switch (result.getStatus()) {
                    case OK -> afterUnwrap(result.getHandshakeStatus());
                    case BUFFER_UNDERFLOW -> {
                        if (fill() < 0) {
                            // An end without close_notify: the stream ends either way, as a reset does for TCP.
                            inboundDone = true;
                        }
                    }
                    case BUFFER_OVERFLOW -> growAppIn();
                    case CLOSED -> inboundDone = true;
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Answers what a post-handshake message asks for: a key update wants one of ours in return. */
    private void afterUnwrap(HandshakeStatus status) throws IOException {
        if (status == HandshakeStatus.NEED_TASK) {
            status = runTasks();
        }
        if (status == HandshakeStatus.NEED_WRAP) {
            writeLock.lock();
            try {
                wrap(EMPTY);
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** As {@link SocketChannel#write(ByteBuffer)} in blocking mode: all of {@code src}. */
    int write(ByteBuffer src) throws IOException {
        writeLock.lock();
        try {
            int start = src.position();
            while (src.hasRemaining()) {
                if (closed.get()) {
                    throw new ClosedChannelException();
                }
                wrap(src);
            }
            return src.position() - start;
        } finally {
            writeLock.unlock();
        }
    }

    boolean isOpen() {
        return !closed.get() && socket.isOpen();
    }

    /**
     * Sends close_notify (unless a writer is blocked, or it takes longer than the close timeout) and closes the socket.
     */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            engine.closeOutbound();
            if (writeLock.tryLock()) {
                ScheduledFuture<?> deadline = Deadlines.after(closeTimeout, this::closeSocket);
                try {
                    sendClosing();
                } finally {
                    deadline.cancel(false);
                    writeLock.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: the socket closes below either way.
        } finally {
            closeSocket();
        }
    }

    /** Closes the socket without close_notify, after a refused handshake whose alert has gone out already. */
    void abort() {
        closed.set(true);
        closeSocket();
    }

    /** Sends what the engine has left to say after a close or a fatal error: close_notify, or the alert. */
    private void sendClosing() throws IOException {
        for (int i = 0; i < MAX_CLOSING_WRAPS && !engine.isOutboundDone(); i++) {
            wrap(EMPTY);
        }
    }

    private SSLEngineResult wrap(ByteBuffer src) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult result = engine.wrap(src, netOut);
            netOut.flip();
            while (netOut.hasRemaining()) {
                socket.write(netOut);
            }
            switch (result.getStatus()) {
                case OK, CLOSED -> {
                    if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
                        throw new ClosedChannelException();
                    }
                    return result;
                }
                case BUFFER_OVERFLOW ->
                    netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap never underflows");
            }
        }
    }

    private SSLEngineResult unwrap() throws SSLException {
        appIn.compact();
        try {
            return engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
        }
    }

    /** Reads more bytes of records from the socket; -1 at its end. */
    private int fill() throws IOException {
        if (netIn.remaining() == netIn.capacity()) {
            int packet = engine.getSession().getPacketBufferSize();
            if (netIn.capacity() >= packet) {
                throw new SSLException("the peer sent a TLS record longer than " + packet + " bytes");
            }
            netIn = ByteBuffer.allocate(packet).put(netIn).flip();
        }
        netIn.compact();
        try {
            return socket.read(netIn);
        } finally {
            netIn.flip();
        }
    }

    private void growAppIn() {
        int wanted = appIn.remaining() + engine.getSession().getApplicationBufferSize();
        if (wanted <= appIn.capacity()) {
            throw new IllegalStateException("the engine overflowed a buffer of its own application size");
        }
        appIn = ByteBuffer.allocate(wanted).put(appIn).flip();
    }

    private HandshakeStatus runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }

    private static int transfer(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        to.put(to.position(), from, from.position(), n).position(to.position() + n);
        from.position(from.position() + n);
        return n;
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort; the socket is gone either way.
        }
    }
}
