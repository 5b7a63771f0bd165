package org.ossnet.announce.listener;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;

/**
 * The listening socket made through the foreign-function API and served by {@link EpollLoop}s, each with its own epoll
 * set that takes the socket exclusively ({@code EPOLLEXCLUSIVE}), so a new connection wakes one loop. Loaded by
 * {@link ListenerTransport} only on a Java 22+ runtime; {@code --enable-native-access=ALL-UNNAMED} (or the executable
 * jar's {@code Enable-Native-Access} manifest attribute) grants what it needs.
 */
final class EpollTransport implements ListenerTransport {

    static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private final int fd;
    private final int port;

    private EpollTransport(int fd, int port) {
        this.fd = fd;
        this.port = port;
    }

    /** Null when this JVM lets the listener's code make native calls, otherwise why not. */
    static String unavailable() {
        if (!EpollTransport.class.getModule().isNativeAccessEnabled()) {
            return "native access is not granted (--enable-native-access=ALL-UNNAMED)";
        }
        return null;
    }

    /** Binds {@code address} (reusing it, as the JDK's listener does) and listens. */
    static EpollTransport open(InetSocketAddress address, int backlog) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Syscalls calls = new Syscalls(arena);
            InetAddress host = address.getAddress();
            boolean v6 = host instanceof Inet6Address;
            int fd = calls.socket(
                    v6 ? Syscalls.AF_INET6 : Syscalls.AF_INET,
                    Syscalls.SOCK_STREAM | Syscalls.SOCK_NONBLOCK | Syscalls.SOCK_CLOEXEC);
            if (fd < 0) {
                throw Syscalls.error("socket", fd);
            }
            try {
                check(
                        "setsockopt(SO_REUSEADDR)",
                        calls.setsockopt(
                                fd, Syscalls.SOL_SOCKET, Syscalls.SO_REUSEADDR, arena.allocateFrom(JAVA_INT, 1)));
                if (v6 && host.isAnyLocalAddress()) {
                    // "::" takes IPv4 clients too, as the JDK's dual-stack sockets do.
                    check(
                            "setsockopt(IPV6_V6ONLY)",
                            calls.setsockopt(
                                    fd, Syscalls.IPPROTO_IPV6, Syscalls.IPV6_V6ONLY, arena.allocateFrom(JAVA_INT, 0)));
                }
                check("bind", calls.bind(fd, sockaddr(arena, host, address.getPort())));
                check("listen", calls.listen(fd, backlog));
                MemorySegment bound = arena.allocate(128);
                MemorySegment length = arena.allocateFrom(JAVA_INT, 128);
                check("getsockname", calls.getsockname(fd, bound, length));
                return new EpollTransport(fd, Short.toUnsignedInt(bound.get(PORT, 2)));
            } catch (IOException | RuntimeException e) {
                calls.close(fd);
                throw e;
            }
        }
    }

    private static void check(String call, int result) throws IOException {
        if (result < 0) {
            throw Syscalls.error(call, result);
        }
    }

    /** {@code struct sockaddr_in} or {@code sockaddr_in6} for {@code host} and {@code port}. */
    private static MemorySegment sockaddr(Arena arena, InetAddress host, int port) {
        byte[] bytes = host.getAddress();
        boolean v6 = host instanceof Inet6Address;
        MemorySegment address = arena.allocate(v6 ? 28 : 16);
        address.set(JAVA_SHORT, 0, (short) (v6 ? Syscalls.AF_INET6 : Syscalls.AF_INET));
        address.set(PORT, 2, (short) port);
        MemorySegment.copy(bytes, 0, address, ValueLayout.JAVA_BYTE, v6 ? 8 : 4, bytes.length);
        if (v6) {
            address.set(JAVA_INT, 24, ((Inet6Address) host).getScopeId());
        }
        assert v6 || host instanceof Inet4Address;
        return address;
    }

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ListenerLoop newLoop(ListenerConfig config, AnnounceRoutes routes, ListenerMetrics metrics)
            throws IOException {
        return new EpollLoop(fd, config, routes, metrics);
    }

    @Override
    public void close() {
        try (Arena arena = Arena.ofConfined()) {
            new Syscalls(arena).close(fd);
        }
    }
}
