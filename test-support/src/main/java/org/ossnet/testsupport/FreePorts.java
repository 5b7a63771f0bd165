package org.ossnet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for a process that will listen later, chosen below the kernel's ephemeral range.
 *
 * <p>A port the kernel hands out for {@code bind(0)} comes from the ephemeral range, which every outgoing connection
 * draws from too: between choosing it and the child's bind, a connection to PostgreSQL or between peers may take it
 * ("Port … was already in use"). The kernel never gives out a port below that range on its own, so one chosen there
 * can only be taken by another explicit bind.
 */
public final class FreePorts {

    /** Where Linux's ephemeral range starts unless configured otherwise. */
    static final int DEFAULT_EPHEMERAL_START = 32_768;

    /** How many ports below the ephemeral range to choose from. */
    static final int SPAN = 12_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {}

    /**
     * A port free on every interface now, below the ephemeral range: for a server, such as a Spring Boot test's, that
     * will bind the wildcard address. Unchecked, for a test's field initialisers.
     */
    public static int pick() {
        try {
            return pick(new InetSocketAddress(0).getAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free on {@code host} now, below the ephemeral range. */
    public static int pick(InetAddress host) throws IOException {
        try (ServerSocket socket = bind(host)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A server socket bound on {@code host} at a free port below the ephemeral range, for a caller that holds several
     * at once so no two are the same; it closes them before its children bind.
     */
    public static ServerSocket bind(InetAddress host) throws IOException {
        int end = ephemeralStart();
        int start = Math.max(1024, end - SPAN);
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(start, end);
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(host, port), 1);
                return socket;
            } catch (IOException busy) {
                socket.close();
                last = busy;
            }
        }
        throw new IOException("no free port on " + host.getHostAddress() + " from " + start + " to " + (end - 1), last);
    }

    /** The first port of the kernel's ephemeral range, from {@code /proc} where there is one. */
    static int ephemeralStart() {
        try {
            String range = Files.readString(EPHEMERAL_RANGE).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > 1024 + 1000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
