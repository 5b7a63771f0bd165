package org.ossnet.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ossnet.agent.mirror.MirrorConfig;
import org.ossnet.agent.mirror.MirrorConfigException;
import org.ossnet.agent.mirror.MirrorConfigParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet mirror run|status|enroll|credentials|renew}: the mirror daemon, its status for the operator, and its
 * credentials from the publisher's mirror CA.
 */
@Command(
        addMethodSubcommands = false,
        name = "mirror",
        mixinStandardHelpOptions = true,
        description = "Run a mirror of published collections (run), show what a running one holds (status), enrol"
                + " with the publisher's mirror CA (enroll), show the credentials (credentials) or renew them (renew).",
        subcommands = {
            MirrorRunCommand.class,
            MirrorStatusCommand.class,
            MirrorEnrollCommand.class,
            MirrorCredentialsCommand.class,
            MirrorRenewCommand.class
        })
final class MirrorCommand implements Runnable {

    /** Where a mirror's configuration is looked for without {@code --config}. */
    static final String DEFAULT_CONFIG = "/etc/ossnet/mirror.conf";

    @ParentCommand
    OssnetCli root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "ossnet mirror: say run, status, enroll, credentials or renew");
    }

    /** The configuration in {@code file}; relative paths in it are taken from its directory. */
    static MirrorConfig config(Path file) throws IOException, MirrorConfigException {
        Path absolute = file.toAbsolutePath();
        try {
            return MirrorConfigParser.parse(Files.readString(absolute), absolute.getParent());
        } catch (NoSuchFileException e) {
            throw new MirrorConfigException(0, "no configuration file " + absolute);
        }
    }
}
