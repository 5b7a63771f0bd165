package org.ossnet.announce.listener;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The listening socket and the kind of loop that serves it: the JDK's selector ({@link NioTransport}) or epoll through
 * the foreign-function API ({@code EpollTransport}, compiled only by a JDK 22+ and loaded only on one).
 *
 * <p>Why two: per connection the JDK's socket classes make nine system calls where the kernel needs four ({@code
 * accept4}, {@code read}, {@code write}, {@code close}); on loopback under wrk they cost 4-6 µs a request more than
 * the same calls made from C, more than the whole announce engine's work (docs/BENCHMARKS.md, "The floor"). Netty
 * ships a native epoll transport beside its NIO one for the same reason.
 */
interface ListenerTransport extends AutoCloseable {

    /** What drives the sockets: {@code epoll} or {@code nio}. */
    String name();

    /** The port bound. */
    int port();

    /** A new loop over the listening socket. */
    ListenerLoop newLoop(ListenerConfig config, AnnounceRoutes routes, ListenerMetrics metrics) throws IOException;

    /** Closes the listening socket, once its loops have ended. */
    @Override
    void close();

    /** Binds {@code address} with the sockets {@code config} asks for. */
    static ListenerTransport open(ListenerConfig config, InetSocketAddress address, int backlog) throws IOException {
        return switch (config.sockets()) {
            case NIO -> NioTransport.open(address, backlog);
            case EPOLL -> {
                String unavailable = epollUnavailable();
                if (unavailable != null) {
                    throw new IOException("sockets=epoll is not available here: " + unavailable);
                }
                yield openEpoll(address, backlog);
            }
            case AUTO -> epollUnavailable() == null ? openEpoll(address, backlog) : NioTransport.open(address, backlog);
        };
    }

    /**
     * Why epoll sockets cannot be used in this JVM, or null when they can: they need Linux on x86-64 or aarch64, a
     * Java 22+ runtime, a build by a JDK 22+ (which compiles them in) and native access granted to the listener's code
     * ({@code --enable-native-access=ALL-UNNAMED}, or {@code Enable-Native-Access: ALL-UNNAMED} in an executable jar's
     * manifest).
     */
    static String epollUnavailable() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("Linux")) {
            return "epoll is Linux's, not " + os + "'s";
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "the epoll event layout is known for x86-64 and aarch64 only, not " + arch;
        }
        if (Runtime.version().feature() < 22) {
            return "the foreign-function API needs Java 22+, this is " + Runtime.version();
        }
        try {
            return (String) epollTransport().getDeclaredMethod("unavailable").invoke(null);
        } catch (ClassNotFoundException e) {
            return "this build was made by a JDK before 22, which does not compile the epoll sockets";
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the epoll sockets cannot be loaded: " + e;
        }
    }

    private static ListenerTransport openEpoll(InetSocketAddress address, int backlog) throws IOException {
        try {
            Method open = epollTransport().getDeclaredMethod("open", InetSocketAddress.class, int.class);
            return (ListenerTransport) open.invoke(null, address, backlog);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("epoll sockets failed to open", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("epoll sockets failed to open", e);
        }
    }

    private static Class<?> epollTransport() throws ClassNotFoundException {
        return Class.forName(
                ListenerTransport.class.getPackageName() + ".EpollTransport",
                true,
                ListenerTransport.class.getClassLoader());
    }
}
