package org.ossnet.agent.cli;

import java.nio.charset.StandardCharsets;
import org.ossnet.core.torrent.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code --peer-id-prefix}, as aria2c has it: the start of the random peer id a swarm command sends. */
@Command(addMethodSubcommands = false)
final class PeerIdOption {

    @Option(
            names = "--peer-id-prefix",
            paramLabel = "PREFIX",
            description = "The start of this agent's peer id, printable ASCII, at most 20 bytes (default: "
                    + PeerId.AGENT_PREFIX + ").")
    String prefix = PeerId.AGENT_PREFIX;

    /** A fresh peer id starting with the prefix. */
    PeerId peerId() {
        boolean printable = prefix.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (!printable || prefix.getBytes(StandardCharsets.US_ASCII).length > PeerId.LENGTH) {
            throw new IllegalArgumentException(
                    "--peer-id-prefix must be printable ASCII without spaces, at most 20 bytes: " + prefix);
        }
        return PeerId.random(prefix);
    }
}
