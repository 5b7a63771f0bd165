package org.ossnet.agent.cli;

import java.util.List;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.swarm.SwarmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code --upload-rate} and {@code --allow-upload}, shared by the commands that take part in swarms: {@code get}
 * uploads only when one of them is given, {@code seed} always does.
 */
@Command(addMethodSubcommands = false)
final class UploadOptions {

    private static final List<String> EVERYONE = List.of("0.0.0.0/0", "::/0");

    @Option(
            names = "--upload-rate",
            paramLabel = "BYTES_PER_SECOND",
            description = "Upload at most this many bytes per second over all swarms together, for example 2M or 500K "
                    + "(get: turns upload on).",
            converter = ByteRateConverter.class)
    Long uploadRate;

    @Option(
            names = "--allow-upload",
            paramLabel = "CIDR",
            arity = "1..*",
            description = "Upload only to these address ranges (default: everyone; get: turns upload on).")
    List<String> allowUpload;

    /** Whether either option was given. */
    boolean given() {
        return uploadRate != null || allowUpload != null;
    }

    /** {@code config} uploading to the allowed ranges (everyone by default), at most at the rate if one was given. */
    SwarmConfig applyTo(SwarmConfig config) {
        SwarmConfig uploading = config.withUpload(AddressPolicy.parse(allowUpload != null ? allowUpload : EVERYONE));
        return uploadRate != null ? uploading.withUploadRate(uploadRate) : uploading;
    }
}
