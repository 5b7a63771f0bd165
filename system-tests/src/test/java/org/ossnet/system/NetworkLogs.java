package org.ossnet.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ends of a local network's service logs ({@code <work>/logs/<service>.log}), for the OSSNET side of an interop
 * failure message when no {@code ossnet} command of the test's own has run yet.
 */
final class NetworkLogs {

    private static final int LINES = 40;

    private NetworkLogs() {}

    /** The last lines of each of {@code services}' logs under the network's {@code workDirectory}. */
    static String tails(Path workDirectory, String... services) {
        StringBuilder text = new StringBuilder();
        for (String service : services) {
            Path log = workDirectory.resolve("logs").resolve(service + ".log");
            text.append("--- OSSNET ")
                    .append(service)
                    .append(" (")
                    .append(log)
                    .append(", last ")
                    .append(LINES);
            text.append(" lines) ---\n");
            try {
                List<String> lines = Files.readAllLines(log);
                lines.subList(Math.max(0, lines.size() - LINES), lines.size())
                        .forEach(line -> text.append(line).append('\n'));
            } catch (IOException e) {
                text.append("(cannot read it: ").append(e).append(")\n");
            }
        }
        return text.toString();
    }
}
