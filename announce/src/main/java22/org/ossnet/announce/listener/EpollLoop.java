package org.ossnet.announce.listener;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.Arrays;
import java.util.function.Consumer;
import org.ossnet.announce.peeraddress.PeerAddresses;

/**
 * A {@link ListenerLoop} on epoll through the foreign-function API: per connection {@code accept4}, {@code read},
 * {@code send} and {@code close}, and epoll only for a connection whose request has not arrived yet or whose reply
 * did not fit. Connections it waits on are found by descriptor; each registration carries a generation beside the
 * descriptor, so an event for a descriptor closed and reused meanwhile is ignored.
 */
final class EpollLoop extends ListenerLoop {

    private static final int EVENTS_PER_WAIT = 64;

    /** The most one {@code send} is handed; the handler keeps what did not go. */
    private static final int OUTPUT_BYTES = 128 * 1024;

    private final int server;
    private final int epoll;
    private final int wakeup;

    /** The loop thread's own memory and calls, from {@link #open()} to {@link #release()}. */
    private Arena arena;

    private Syscalls calls;
    private MemorySegment events;
    private MemorySegment event;
    private MemorySegment input;
    private MemorySegment output;
    private MemorySegment peer;
    private MemorySegment peerLength;
    private MemorySegment one;

    private Connection[] byFd = new Connection[256];
    private int highestFd = -1;
    private int generation;
    private boolean accepting = true;
    private boolean released;

    EpollLoop(int server, ListenerConfig config, AnnounceRoutes routes, ListenerMetrics metrics) throws IOException {
        super(config, routes, metrics);
        this.server = server;
        try (Arena setup = Arena.ofConfined()) {
            Syscalls calls = new Syscalls(setup);
            MemorySegment event = setup.allocate(Syscalls.EVENT_BYTES, 8);
            epoll = calls.epollCreate();
            if (epoll < 0) {
                throw Syscalls.error("epoll_create1", epoll);
            }
            wakeup = calls.eventfd();
            int added = wakeup < 0 ? wakeup : ctl(calls, event, Syscalls.EPOLL_CTL_ADD, wakeup, Syscalls.EPOLLIN, 0);
            if (added >= 0) {
                added = ctl(calls, event, Syscalls.EPOLL_CTL_ADD, server, acceptEvents(), 0);
            }
            if (added < 0) {
                calls.close(epoll);
                if (wakeup >= 0) {
                    calls.close(wakeup);
                }
                throw Syscalls.error(wakeup < 0 ? "eventfd" : "epoll_ctl", added);
            }
        }
    }

    private static int acceptEvents() {
        return Syscalls.EPOLLIN | Syscalls.EPOLLEXCLUSIVE;
    }

    private int ctl(Syscalls calls, MemorySegment event, int op, int fd, int mask, int generation) {
        event.set(JAVA_INT_UNALIGNED, 0, mask);
        event.set(JAVA_LONG_UNALIGNED, Syscalls.EVENT_DATA, (long) generation << 32 | (fd & 0xffffffffL));
        return calls.epollCtl(epoll, op, fd, event);
    }

    @Override
    void open() {
        arena = Arena.ofConfined();
        calls = new Syscalls(arena);
        events = arena.allocate(Syscalls.EVENT_BYTES * EVENTS_PER_WAIT, 8);
        event = arena.allocate(Syscalls.EVENT_BYTES, 8);
        input = arena.allocate(config.maxRequestBytes());
        output = arena.allocate(OUTPUT_BYTES);
        peer = arena.allocate(128, 8);
        peerLength = arena.allocate(JAVA_INT);
        one = arena.allocateFrom(JAVA_INT, 1);
    }

    @Override
    void waitAndHandle(long timeoutMillis) throws IOException {
        int n = calls.epollWait(epoll, events, EVENTS_PER_WAIT, (int) timeoutMillis);
        if (n < 0) {
            if (n == -Syscalls.EINTR) {
                return;
            }
            throw Syscalls.error("epoll_wait", n);
        }
        now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long at = i * Syscalls.EVENT_BYTES;
            int mask = events.get(JAVA_INT_UNALIGNED, at);
            long data = events.get(JAVA_LONG_UNALIGNED, at + Syscalls.EVENT_DATA);
            int fd = (int) data;
            if (fd == server) {
                acceptRound();
            } else if (fd == wakeup) {
                calls.read(wakeup, output, 8);
            } else {
                Connection c = fd < byFd.length ? byFd[fd] : null;
                if (c != null && ((EpollSocket) c.socket).generation == (int) (data >>> 32)) {
                    boolean writable = (mask & (Syscalls.EPOLLOUT | Syscalls.EPOLLERR | Syscalls.EPOLLHUP)) != 0;
                    ready(c, writable && (c.interest & SelectionKey.OP_WRITE) != 0);
                }
            }
        }
    }

    @Override
    Connection acceptOne() throws IOException {
        while (true) {
            peerLength.set(JAVA_INT, 0, (int) peer.byteSize());
            int fd = calls.accept4(server, peer, peerLength, Syscalls.SOCK_NONBLOCK | Syscalls.SOCK_CLOEXEC);
            if (fd >= 0) {
                byte[] address = peerAddress();
                if (address != null) {
                    if (++generation == 0) {
                        generation = 1;
                    }
                    return new Connection(new EpollSocket(fd, generation), address, now);
                }
                calls.close(fd);
                continue;
            }
            switch (-fd) {
                case Syscalls.EAGAIN -> {
                    return null;
                }
                case Syscalls.EMFILE, Syscalls.ENFILE, Syscalls.ENOBUFS, Syscalls.ENOMEM ->
                    throw Syscalls.error("accept4", fd);
                default -> {
                    // ECONNABORTED, EINTR, EPROTO and the network errors Linux passes on from a connection that
                    // failed in the backlog: that one is gone, the next may be fine. Anything that would repeat
                    // (a closed listening socket) ends the round and pauses accepting until the next sweep.
                    if (Syscalls.lasting(-fd)) {
                        throw Syscalls.error("accept4", fd);
                    }
                }
            }
        }
    }

    /** The address {@code accept4} left in {@link #peer}: 4 or 16 bytes, null for another family. */
    private byte[] peerAddress() {
        short family = peer.get(JAVA_SHORT, 0);
        if (family == Syscalls.AF_INET) {
            return peer.asSlice(4, 4).toArray(JAVA_BYTE);
        }
        if (family == Syscalls.AF_INET6) {
            return PeerAddresses.normalise(peer.asSlice(8, 16).toArray(JAVA_BYTE));
        }
        return null;
    }

    @Override
    void pauseAccepting() {
        if (accepting && ctl(calls, event, Syscalls.EPOLL_CTL_DEL, server, 0, 0) == 0) {
            accepting = false;
        }
    }

    @Override
    void resumeAccepting() {
        if (!accepting && ctl(calls, event, Syscalls.EPOLL_CTL_ADD, server, acceptEvents(), 0) == 0) {
            accepting = true;
        }
    }

    @Override
    void forEachConnection(Consumer<Connection> action) {
        for (int fd = 0; fd <= highestFd; fd++) {
            Connection c = byFd[fd];
            if (c != null) {
                action.accept(c);
            }
        }
    }

    @Override
    public void interest(Connection c, int ops) throws IOException {
        if (c.interest == ops) {
            return;
        }
        EpollSocket socket = (EpollSocket) c.socket;
        int mask = ((ops & SelectionKey.OP_READ) != 0 ? Syscalls.EPOLLIN : 0)
                | ((ops & SelectionKey.OP_WRITE) != 0 ? Syscalls.EPOLLOUT : 0);
        int op = c.interest == 0 ? Syscalls.EPOLL_CTL_ADD : Syscalls.EPOLL_CTL_MOD;
        int result = ctl(calls, event, op, socket.fd, mask, socket.generation);
        if (result < 0) {
            throw Syscalls.error("epoll_ctl", result);
        }
        if (c.interest == 0) {
            if (socket.fd >= byFd.length) {
                byFd = Arrays.copyOf(byFd, Math.max(socket.fd + 1, byFd.length * 2));
            }
            byFd[socket.fd] = c;
            highestFd = Math.max(highestFd, socket.fd);
        }
        c.interest = ops;
    }

    @Override
    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try (Arena setup = Arena.ofConfined()) {
            Syscalls closing = new Syscalls(setup);
            closing.close(epoll);
            closing.close(wakeup);
        }
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    synchronized void stop() {
        running = false;
        if (!released) {
            try (Arena setup = Arena.ofConfined()) {
                new Syscalls(setup).write(wakeup, setup.allocateFrom(JAVA_LONG, 1L), 8);
            }
        }
    }

    /** A connection's descriptor, read and written through the loop's own buffers. */
    private final class EpollSocket implements ConnectionSocket {

        final int fd;
        final int generation;
        private boolean closed;

        EpollSocket(int fd, int generation) {
            this.fd = fd;
            this.generation = generation;
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            int count = Math.min(into.remaining(), (int) input.byteSize());
            if (count == 0) {
                return 0;
            }
            long n = calls.read(fd, input, count);
            if (n > 0) {
                MemorySegment.copy(input, JAVA_BYTE, 0, into.array(), into.arrayOffset() + into.position(), (int) n);
                into.position(into.position() + (int) n);
                return (int) n;
            }
            if (n == 0) {
                return -1;
            }
            if (n == -Syscalls.EAGAIN || n == -Syscalls.EINTR) {
                return 0;
            }
            throw Syscalls.error("read", n);
        }

        /**
         * Sends with {@code MSG_MORE} when the stream ends after these bytes: the kernel holds them until the close or
         * shutdown that follows at once and sends the reply and the end of the stream in one segment. On loopback
         * under wrk, a responder that does nothing else answers 1.18-1.40x as many requests per CPU-second that way,
         * with about two segments fewer a connection (docs/BENCHMARKS.md).
         */
        @Override
        public int write(ByteBuffer from, boolean last) throws IOException {
            int count = Math.min(from.remaining(), OUTPUT_BYTES);
            if (count == 0) {
                return 0;
            }
            MemorySegment.copy(from.array(), from.arrayOffset() + from.position(), output, JAVA_BYTE, 0, count);
            long n = calls.send(fd, output, count, last ? Syscalls.MSG_MORE : 0);
            if (n >= 0) {
                from.position(from.position() + (int) n);
                return (int) n;
            }
            if (n == -Syscalls.EAGAIN || n == -Syscalls.EINTR) {
                return 0;
            }
            throw Syscalls.error("send", n);
        }

        @Override
        public void noDelay() throws IOException {
            int result = calls.setsockopt(fd, Syscalls.IPPROTO_TCP, Syscalls.TCP_NODELAY, one);
            if (result < 0) {
                throw Syscalls.error("setsockopt(TCP_NODELAY)", result);
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            int result = calls.shutdown(fd, Syscalls.SHUT_WR);
            if (result < 0) {
                throw Syscalls.error("shutdown", result);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (fd < byFd.length && byFd[fd] != null && byFd[fd].socket == this) {
                byFd[fd] = null;
            }
            calls.close(fd); // also takes it out of the epoll set
        }
    }
}
