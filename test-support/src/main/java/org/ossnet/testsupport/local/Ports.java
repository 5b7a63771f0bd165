package org.ossnet.testsupport.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ossnet.testsupport.FreePorts;

/** Chooses the local network's ports, refusing busy ones with a message that says what to do. */
final class Ports {

    /** The key of the origin server's port, beside the services' module names. */
    static final String ORIGIN = "origin";

    /** The key of the tracker's announce listener port. */
    static final String TRACKER_ANNOUNCE = "tracker-announce";

    private Ports() {}

    /**
     * Binds every requested port at once (0 = a free one below the ephemeral range, {@link FreePorts}) so no two
     * children get the same one.
     */
    static Map<String, Integer> choose(Map<String, Integer> requested) throws IOException {
        Map<String, Integer> ports = new HashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (Map.Entry<String, Integer> entry : requested.entrySet()) {
                int port = entry.getValue();
                try {
                    InetAddress host = InetAddress.getByName(LocalNetwork.HOST);
                    ServerSocket socket = port == 0 ? FreePorts.bind(host) : new ServerSocket(port, 1, host);
                    held.add(socket);
                    ports.put(entry.getKey(), socket.getLocalPort());
                } catch (IOException e) {
                    String option = entry.getKey().replace("-service", "");
                    throw new IllegalArgumentException("Port " + port + " on " + LocalNetwork.HOST
                            + " is in use, so " + entry.getKey() + " cannot listen there; choose another with --"
                            + option + "-port N (0 picks a free one)");
                }
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }
}
