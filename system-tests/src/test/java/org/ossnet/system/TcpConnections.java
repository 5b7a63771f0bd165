package org.ossnet.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP connections a local process holds, read from Linux's {@code /proc}: lets a test wait until a stock client has
 * read its peers' connections to their end (and so logged or counted everything they sent) before taking its verdict.
 */
final class TcpConnections {

    /** {@code /proc/net/tcp} states: the connection is up, or the peer closed it and the process has not yet. */
    private static final Set<String> OPEN = Set.of("01", "08");

    private TcpConnections() {}

    /**
     * The remote ports of {@code pid}'s TCP connections that are established, or closed by the other end but not yet
     * by the process (it has not read to the end); empty once the process has gone.
     */
    static Set<Integer> openRemotePorts(long pid) throws IOException {
        Set<String> sockets = sockets(pid);
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException gone) {
                return Set.of();
            }
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && OPEN.contains(fields[3]) && sockets.contains(fields[9])) {
                    String remote = fields[2];
                    ports.add(Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** The inodes of the sockets among {@code pid}'s file descriptors. */
    private static Set<String> sockets(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor was closed while listing: not a connection any more.
                }
            });
        } catch (IOException gone) {
            // The process has exited: it holds nothing.
        }
        return inodes;
    }
}
