package org.ossnet.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ossnet} command: dispatches to its subcommands. */
@Command(
        addMethodSubcommands = false,
        name = "ossnet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Download, publish and seed signed software trees over OSSNET swarms.",
        // One exit code per line: picocli wraps a long footer line wherever the width ends, mid-phrase.
        footer = {
            "",
            "./ossnet local starts the whole network on this machine (see README.md).",
            "",
            "Exit codes (docs/CLI.md says more):",
            "  0    success",
            "  1    failure: an I/O error, or a server that cannot be reached",
            "  2    usage error",
            "  3    bad input",
            "  4    bad signature",
            "  5    unknown key",
            "  6    rollback: a snapshot older than one seen before",
            "  7    expired snapshot",
            "  8    not found",
            "  9    authentication refused",
            "  10   conflict",
            "  11   service unavailable",
            "  12   nothing to seed",
            "  16+  verify found differences: 16, plus 1 missing, 2 extra, 4 differing files"
        })
public final class OssnetCli implements Runnable {

    /**
     * The subcommands, in the order the usage lists them. Not in the {@code @Command} annotation: picocli builds the
     * model of every listed command by reflection before it parses anything, which took most of a second on every
     * start; a command line naming one of them gets only that one (see {@link #commandLine(Function, String...)}).
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            HelpCommand.class,
            TorrentCommand.class,
            PublishCommand.class,
            LsCommand.class,
            VerifyCommand.class,
            TrustCommand.class,
            RegionCommand.class,
            ServeCommand.class,
            GetCommand.class,
            SeedCommand.class,
            MirrorCommand.class,
            TrainStartCacheCommand.class);

    /*
     * What picocli does on every start that no command of ours needs; OssnetCliTest holds every command to it:
     * - a command or mixin class whose @Command says addMethodSubcommands = false is not searched for methods that are
     *   subcommands (all its methods, and each one's annotations); our subcommands are classes, never methods;
     * - with picocli.disable.closures set, picocli does not look for Groovy's Closure class, whose failed load costs
     *   the first command line a few milliseconds. Set before picocli's factory is first loaded.
     */
    static {
        System.setProperty("picocli.disable.closures", "true");
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<String, String> env;

    private OssnetCli(Function<String, String> env) {
        this.env = env;
    }

    /** The environment the commands read ({@code OSSNET_TOKEN}, {@code OSSNET_HOME}, XDG variables). */
    Function<String, String> env() {
        return env;
    }

    public static void main(String[] args) {
        Preinitializer.start();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code, so tests can call it in-process. */
    public static int run(String... args) {
        return commandLine(System::getenv, args).execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(System::getenv);
    }

    /** A command line reading {@code env} instead of the process environment, so tests can set variables. */
    static CommandLine commandLine(Function<String, String> env) {
        return commandLine(env, new String[0]);
    }

    /**
     * A command line for {@code args}: with only the subcommand {@code args} starts with, when it names one, else
     * with all of them (the usage, {@code help}, an unknown command and its suggestions need every one).
     */
    static CommandLine commandLine(Function<String, String> env, String... args) {
        CommandLine commandLine = new CommandLine(new OssnetCli(env));
        String first = args.length == 0 ? "" : args[0];
        List<Class<?>> named = SUBCOMMANDS.stream()
                .filter(command -> names(command).contains(first))
                .toList();
        for (Class<?> command : named.isEmpty() || named.contains(HelpCommand.class) ? SUBCOMMANDS : named) {
            commandLine.addSubcommand(command);
        }
        commandLine.setExitCodeExceptionMapper(
                error -> error instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE);
        return commandLine;
    }

    /** The name and aliases a subcommand class declares in its {@code @Command}. */
    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(annotation.aliases()));
        names.add(annotation.name());
        return names;
    }

    @Override
    public void run() {
        // Without a subcommand there is nothing to do; picocli prints the error and the usage.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
