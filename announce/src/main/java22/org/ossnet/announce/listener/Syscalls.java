package org.ossnet.announce.listener;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * The Linux system calls of the epoll listener, bound once through the foreign-function API. One instance per thread:
 * it holds the segment where the calls leave {@code errno}. Every call returns what the kernel does, or minus {@code
 * errno} when that is -1. The calls that never block are critical (no thread-state transition); {@code epoll_wait}
 * is not, so the garbage collector can run while a loop waits.
 */
final class Syscalls {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int SHUT_WR = 1;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_MORE = 0x8000;

    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLEXCLUSIVE = 1 << 28;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int ENOBUFS = 105;

    /** Errors of a call on a descriptor that are not about the connection at hand: they would come again. */
    static boolean lasting(int errno) {
        return switch (errno) {
            case 9, 14, 22, 88, 95 -> true; // EBADF, EFAULT, EINVAL, ENOTSOCK, EOPNOTSUPP
            default -> false;
        };
    }

    /**
     * {@code struct epoll_event}: a 32-bit event mask and 64 bits of data, packed to 12 bytes on x86-64 only; 16 bytes
     * with the data at 8 elsewhere (aarch64).
     */
    static final boolean PACKED = !System.getProperty("os.arch").equals("aarch64");

    static final long EVENT_BYTES = PACKED ? 12 : 16;
    static final long EVENT_DATA = PACKED ? 4 : 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO = STATE.byteOffset(PathElement.groupElement("errno"));
    private static final Linker.Option WITH_ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    private static final MethodHandle SOCKET =
            bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = bind(
            "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CRITICAL);
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = bind("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETSOCKNAME =
            bind("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ACCEPT4 =
            bind("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), CRITICAL);
    private static final MethodHandle READ =
            bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL);
    private static final MethodHandle SEND =
            bind("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CRITICAL);
    private static final MethodHandle WRITE =
            bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL);
    private static final MethodHandle SHUTDOWN = bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CRITICAL);
    private static final MethodHandle EPOLL_CREATE1 = bind("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL =
            bind("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), CRITICAL);
    private static final MethodHandle EPOLL_WAIT =
            bind("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private final MemorySegment state;

    /** Calls that leave {@code errno} in memory of {@code arena}, to be used by one thread at a time. */
    Syscalls(Arena arena) {
        this.state = arena.allocate(STATE);
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = WITH_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, all);
    }

    private int result(int value) {
        return value == -1 ? -state.get(JAVA_INT, ERRNO) : value;
    }

    private long result(long value) {
        return value == -1 ? -state.get(JAVA_INT, ERRNO) : value;
    }

    int socket(int domain, int type) {
        try {
            return result((int) SOCKET.invokeExact(state, domain, type, 0));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int setsockopt(int fd, int level, int option, MemorySegment value) {
        try {
            return result((int) SETSOCKOPT.invokeExact(state, fd, level, option, value, (int) value.byteSize()));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int bind(int fd, MemorySegment address) {
        try {
            return result((int) BIND.invokeExact(state, fd, address, (int) address.byteSize()));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int listen(int fd, int backlog) {
        try {
            return result((int) LISTEN.invokeExact(state, fd, backlog));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int getsockname(int fd, MemorySegment address, MemorySegment length) {
        try {
            return result((int) GETSOCKNAME.invokeExact(state, fd, address, length));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int accept4(int fd, MemorySegment address, MemorySegment length, int flags) {
        try {
            return result((int) ACCEPT4.invokeExact(state, fd, address, length, flags));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    long read(int fd, MemorySegment into, long count) {
        try {
            return result((long) READ.invokeExact(state, fd, into, count));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    /** {@code send} with {@code MSG_NOSIGNAL} (a peer gone gives {@code EPIPE}, not a signal) and {@code flags}. */
    long send(int fd, MemorySegment from, long count, int flags) {
        try {
            return result((long) SEND.invokeExact(state, fd, from, count, MSG_NOSIGNAL | flags));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    long write(int fd, MemorySegment from, long count) {
        try {
            return result((long) WRITE.invokeExact(state, fd, from, count));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int shutdown(int fd, int how) {
        try {
            return result((int) SHUTDOWN.invokeExact(state, fd, how));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int close(int fd) {
        try {
            return result((int) CLOSE.invokeExact(state, fd));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int epollCreate() {
        try {
            return result((int) EPOLL_CREATE1.invokeExact(state, EPOLL_CLOEXEC));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int epollCtl(int epoll, int op, int fd, MemorySegment event) {
        try {
            return result((int) EPOLL_CTL.invokeExact(state, epoll, op, fd, event));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int epollWait(int epoll, MemorySegment events, int max, int timeoutMillis) {
        try {
            return result((int) EPOLL_WAIT.invokeExact(state, epoll, events, max, timeoutMillis));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    int eventfd() {
        try {
            return result((int) EVENTFD.invokeExact(state, 0, EFD_NONBLOCK | EFD_CLOEXEC));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    /** An {@link IOException} for {@code call} that returned minus {@code errno}, with the C library's message. */
    static IOException error(String call, long minusErrno) {
        int errno = (int) -minusErrno;
        String message;
        try {
            message = ((MemorySegment) STRERROR.invokeExact(errno))
                    .reinterpret(256)
                    .getString(0);
        } catch (Throwable e) {
            message = "errno " + errno;
        }
        return new IOException(call + ": " + message);
    }

    private static IllegalStateException failed(Throwable e) {
        // invokeExact's types are fixed above, and a system call throws nothing: only a bug lands here.
        return new IllegalStateException("system call binding failed", e);
    }
}
