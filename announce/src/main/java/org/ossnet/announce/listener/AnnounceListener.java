package org.ossnet.announce.listener;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.announce.AnnounceEngine;
import org.ossnet.announce.peeraddress.TrustedProxies;

/**
 * A dedicated HTTP/1.1 listener for {@code GET /announce} and {@code GET /scrape}, the way
 * opentracker serves them: a few threads that each accept, decode, call the engine and write the
 * reply themselves, so a short-lived connection costs no thread hand-off. Their sockets are epoll's
 * through the foreign-function API where that is available, else the JDK's ({@link
 * ListenerConfig.Sockets}). Replies are
 * byte for byte those of the servlet on the main port; keep-alive, {@code Connection: close} and
 * pipelining are handled, and a malformed, oversized or slow request is refused with 400, 414, 431
 * or 408 and its connection closed, without affecting the others.
 */
public final class AnnounceListener implements AutoCloseable {

    /** Where the listener is in its life. */
    public enum State {
        NEW,
        RUNNING,
        FAILED,
        STOPPED
    }

    private static final int BACKLOG = 1024;

    private final ListenerConfig config;
    private final AnnounceRoutes routes;
    private final ListenerMetrics metrics;
    private final List<ListenerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private ListenerTransport transport;
    private volatile State state = State.NEW;

    /** A listener over {@code engine}; nothing is bound until {@link #start()}. */
    public AnnounceListener(
            ListenerConfig config, AnnounceEngine engine, TrustedProxies proxies, MeterRegistry meters) {
        this.config = config;
        this.routes = new AnnounceRoutes(engine, proxies);
        this.metrics = new ListenerMetrics(meters);
    }

    /**
     * Binds the port and starts the listener's threads.
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("announce listener already " + state);
        }
        InetSocketAddress address = new InetSocketAddress(resolve(config.bindAddress()), config.port());
        try {
            transport = ListenerTransport.open(config, address, BACKLOG);
            for (int i = 0; i < config.loops(); i++) {
                loops.add(transport.newLoop(config, routes, metrics));
            }
        } catch (IOException e) {
            state = State.FAILED;
            for (ListenerLoop loop : loops) {
                loop.stop();
                loop.release(); // its thread never started, so nothing else will
            }
            closeServer();
            throw new UncheckedIOException(
                    "announce listener cannot listen on " + address + " (ossnet.tracker.announce.*): " + e.getMessage(),
                    e);
        }
        for (int i = 0; i < loops.size(); i++) {
            Thread thread = Thread.ofPlatform()
                    .name("announce-listener-" + i)
                    .daemon(true)
                    .start(loops.get(i));
            threads.add(thread);
        }
        state = State.RUNNING;
    }

    /** The port actually bound (useful with port 0), or -1 before {@link #start()}. */
    public int port() {
        return transport == null ? -1 : transport.port();
    }

    /** What drives its sockets once started: {@code epoll} or {@code nio}; null before {@link #start()}. */
    public String sockets() {
        return transport == null ? null : transport.name();
    }

    /**
     * Why epoll sockets cannot be used in this JVM, or null when they can: what {@link ListenerConfig.Sockets#AUTO}
     * falls back for.
     */
    public static String epollUnavailable() {
        return ListenerTransport.epollUnavailable();
    }

    /** RUNNING while every listener thread is alive; FAILED once one has ended on its own. */
    public State state() {
        if (state == State.RUNNING && threads.stream().anyMatch(thread -> !thread.isAlive())) {
            return State.FAILED;
        }
        return state;
    }

    /** Why a listener thread ended on its own, or null. */
    public Throwable failure() {
        return loops.stream()
                .map(ListenerLoop::failure)
                .filter(f -> f != null)
                .findFirst()
                .orElse(null);
    }

    /** Connections open now. */
    public int connections() {
        return metrics.open();
    }

    /** The settings it runs with. */
    public ListenerConfig config() {
        return config;
    }

    /** Stops accepting, closes every connection and waits (briefly) for the listener threads to end. */
    @Override
    public synchronized void close() {
        if (state == State.STOPPED || state == State.NEW) {
            state = State.STOPPED;
            return;
        }
        loops.forEach(ListenerLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeServer();
        state = State.STOPPED;
    }

    private void closeServer() {
        if (transport != null) {
            transport.close();
        }
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new UncheckedIOException("announce listener: cannot resolve bind address " + host, e);
        }
    }
}
