package org.ossnet.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ossnet} command: dispatches to its subcommands. */
@Command(
        name = "ossnet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Download, publish and seed signed software trees over OSSNET swarms.",
        subcommands = {CommandLine.HelpCommand.class, TorrentCommand.class, ServeCommand.class},
        footer = {
            "",
            "./ossnet local starts the whole network on this machine (see README.md).",
            "Exit codes: 0 ok, 1 failure, 2 usage error, 3 bad input."
        })
public final class OssnetCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code, so tests can call it in-process. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new OssnetCli());
        commandLine.setExitCodeExceptionMapper(
                error -> error instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE);
        return commandLine;
    }

    @Override
    public void run() {
        // Without a subcommand there is nothing to do; picocli prints the error and the usage.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
