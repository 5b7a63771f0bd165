import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

/**
 * bench/tracker/floor.c's epoll responder in Java through the foreign-function API (Java 22+, Linux on x86-64), for
 * bench/tracker-bench.sh's FLOORS=1: what the JDK's sockets cost (Floor.java) against the same system calls made
 * from Java without them. One thread: accept what the backlog holds without blocking, read each, write a canned reply
 * of 50 compact peers and close; those whose request has not arrived wait in epoll. No tracker work at all.
 * Usage: java --enable-native-access=ALL-UNNAMED FloorFfm.java PORT
 */
public final class FloorFfm {

    private static final int AF_INET = 2, SOCK_STREAM = 1, SOCK_NONBLOCK = 04000, SOL_SOCKET = 1, SO_REUSEADDR = 2;
    private static final int EPOLLIN = 1, EPOLL_CTL_ADD = 1, EAGAIN = 11, EVENT_BYTES = 12; // packed on x86-64

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = call("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle SETSOCKOPT =
            call("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, INT));
    private static final MethodHandle BIND = call("bind", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    private static final MethodHandle LISTEN = call("listen", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle ACCEPT4 =
            call("accept4", FunctionDescriptor.of(INT, INT, ADDRESS, ADDRESS, INT), Linker.Option.critical(false));
    private static final MethodHandle READ = call(
            "read",
            FunctionDescriptor.of(LONG, INT, ADDRESS, LONG),
            Linker.Option.captureCallState("errno"),
            Linker.Option.critical(false));
    private static final MethodHandle WRITE =
            call("write", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG), Linker.Option.critical(false));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(INT, INT), Linker.Option.critical(false));
    private static final MethodHandle EPOLL_CREATE1 = call("epoll_create1", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle EPOLL_CTL =
            call("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS), Linker.Option.critical(false));
    private static final MethodHandle EPOLL_WAIT = call("epoll_wait", FunctionDescriptor.of(INT, INT, ADDRESS, INT, INT));
    private static final long ERRNO =
            Linker.Option.captureStateLayout().byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static MethodHandle call(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, options);
    }

    private static MemorySegment callState;
    private static MemorySegment request, reply;

    public static void main(String[] args) throws Throwable {
        Arena arena = Arena.global();
        callState = arena.allocate(Linker.Option.captureStateLayout());
        request = arena.allocate(4096);
        reply = reply(arena);
        int server = (int) SOCKET.invokeExact(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        MemorySegment one = arena.allocateFrom(INT, 1);
        int ignored = (int) SETSOCKOPT.invokeExact(server, SOL_SOCKET, SO_REUSEADDR, one, 4);
        MemorySegment address = arena.allocate(16);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        address.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) Integer.parseInt(args[0]));
        address.set(ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, 0x7f000001);
        if ((int) BIND.invokeExact(server, address, 16) != 0 || (int) LISTEN.invokeExact(server, 1024) != 0) {
            throw new IllegalStateException("cannot listen on port " + args[0]);
        }
        int epoll = (int) EPOLL_CREATE1.invokeExact(0);
        MemorySegment event = arena.allocate(EVENT_BYTES);
        MemorySegment ready = arena.allocate(EVENT_BYTES * 64L);
        add(epoll, server, event);
        int[] round = new int[64];
        for (; ; ) {
            int n = (int) EPOLL_WAIT.invokeExact(epoll, ready, 64, 1000);
            for (int i = 0; i < n; i++) {
                int fd = (int) ready.get(ValueLayout.JAVA_LONG_UNALIGNED, (long) i * EVENT_BYTES + 4);
                if (fd != server) {
                    answer(fd); // close() takes it out of the epoll set
                    continue;
                }
                int accepted = 0;
                while (accepted < round.length) {
                    int c = (int) ACCEPT4.invokeExact(server, MemorySegment.NULL, MemorySegment.NULL, SOCK_NONBLOCK);
                    if (c < 0) {
                        break;
                    }
                    round[accepted++] = c;
                }
                for (int j = 0; j < accepted; j++) {
                    if (!answer(round[j])) {
                        add(epoll, round[j], event);
                    }
                }
            }
        }
    }

    private static void add(int epoll, int fd, MemorySegment event) throws Throwable {
        event.set(ValueLayout.JAVA_INT_UNALIGNED, 0, EPOLLIN);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, fd);
        int ignored = (int) EPOLL_CTL.invokeExact(epoll, EPOLL_CTL_ADD, fd, event);
    }

    /** Answers and closes {@code fd} if its request is there; false if nothing has arrived yet. */
    private static boolean answer(int fd) throws Throwable {
        long n = (long) READ.invokeExact(callState, fd, request, 4096L);
        if (n < 0 && callState.get(INT, ERRNO) == EAGAIN) {
            return false;
        }
        if (n > 0) {
            long ignored = (long) WRITE.invokeExact(fd, reply, reply.byteSize());
        }
        int ignored = (int) CLOSE.invokeExact(fd);
        return true;
    }

    private static MemorySegment reply(Arena arena) {
        byte[] reply = Floor.replyBytes(); // Floor.java, beside this file: the launcher compiles both (Java 22+)
        MemorySegment segment = arena.allocate(reply.length);
        MemorySegment.copy(reply, 0, segment, ValueLayout.JAVA_BYTE, 0, reply.length);
        return segment;
    }
}
