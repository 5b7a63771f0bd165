package org.ossnet.agent.origin;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serves a directory tree read-only over HTTP/1.1, with byte ranges and validators, as an origin for web seeds (BEP 19)
 * and Metalink HTTP sources.
 *
 * <p>Start one with {@link #start}; {@link #close} stops accepting, drops open connections and waits briefly for
 * their threads. It is safe to close from any thread, including a shutdown hook.
 */
public final class HttpFileServer implements AutoCloseable {

    private static final long CLOSE_GRACE_SECONDS = 5;

    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final OriginConfig config;
    private final FileResponder responder;
    private final AccessLog accessLog;
    private final ConnectionWatchdog watchdog = new ConnectionWatchdog();
    private final Semaphore slots;
    private final ExecutorService connectionThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread acceptor;
    private final CountDownLatch closed = new CountDownLatch(1);

    private HttpFileServer(ServerSocketChannel listener, Path realRoot, OriginConfig config, Withholding withholding)
            throws IOException {
        this.listener = listener;
        this.address = (InetSocketAddress) listener.getLocalAddress();
        this.config = config;
        this.responder = new FileResponder(new RequestPaths(realRoot), withholding);
        this.accessLog = new AccessLog(config.accessLog());
        this.slots = new Semaphore(config.maxConnections());
        this.acceptor = Thread.ofVirtual().name("ossnet-origin-accept").unstarted(this::acceptLoop);
    }

    /**
     * Starts serving {@code root} on {@code bind}; port 0 picks a free port.
     *
     * @throws IOException if the root is not a readable directory or the address cannot be bound
     */
    public static HttpFileServer start(Path root, InetSocketAddress bind, OriginConfig config) throws IOException {
        return start(root, bind, config, null);
    }

    /**
     * As {@link #start(Path, InetSocketAddress, OriginConfig)}, answering for the files {@code withholding} holds back
     * exactly as for files that do not exist (null: none).
     */
    public static HttpFileServer start(Path root, InetSocketAddress bind, OriginConfig config, Withholding withholding)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Path realRoot = root.toRealPath();
        if (!Files.isDirectory(realRoot)) {
            throw new IOException(root + " is not a directory");
        }
        if (withholding != null && !withholding.root().equals(realRoot)) {
            throw new IllegalArgumentException("the withholding is for " + withholding.root() + ", not " + realRoot);
        }
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(bind, 512);
            HttpFileServer server = new HttpFileServer(
                    listener, realRoot, config, withholding == null ? Withholding.none(realRoot) : withholding);
            server.acceptor.start();
            return server;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** The port the server listens on. */
    public int port() {
        return address.getPort();
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return address;
    }

    /** The body bytes of every response sent so far: what the access log's byte fields add up to. */
    public long bodyBytesSent() {
        return accessLog.bodyBytes();
    }

    /** The URL of the root, for example {@code http://127.0.0.1:8090/}. */
    public URI baseUri() {
        String host = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Typically out of file descriptors; back off rather than spin, and keep serving.
                pause();
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(channel);
                continue;
            }
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection connection = new Connection(channel, config, responder, accessLog);
                watchdog.watch(connection);
                connectionThreads.execute(() -> {
                    try {
                        connection.run();
                    } finally {
                        watchdog.forget(connection);
                        slots.release();
                    }
                });
            } catch (IOException | RuntimeException e) {
                // The client vanished before it could be served, or the server is closing.
                closeQuietly(channel);
                slots.release();
            }
        }
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        synchronized (this) {
            if (closed.getCount() == 0) {
                return;
            }
            try {
                closeQuietly(listener);
                watchdog.abortAll();
                connectionThreads.shutdown();
                connectionThreads.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
                acceptor.join(TimeUnit.SECONDS.toMillis(CLOSE_GRACE_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                watchdog.close();
                closed.countDown();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is best effort; the descriptor is released either way.
        }
    }
}
