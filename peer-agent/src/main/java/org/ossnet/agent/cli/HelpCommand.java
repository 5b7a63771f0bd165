package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ossnet help [COMMAND…]}: picocli's help command, except that it knows {@code local} and {@code test}. Those
 * are commands of the repository's {@code ./ossnet} launcher script, which runs them itself; someone who reaches the
 * jar with them (running it directly, or an older launcher) is told where they live instead of "Unknown subcommand".
 */
@Command(
        addMethodSubcommands = false,
        name = "help",
        helpCommand = true,
        description = "Show the usage of COMMAND, or of ossnet itself without one.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {

    /** The launcher script's own commands, which never reach the agent when run through {@code ./ossnet}. */
    static final Set<String> LAUNCHER_COMMANDS = Set.of("local", "test");

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show the usage of the help command and exit.")
    boolean help;

    @Parameters(paramLabel = "COMMAND", description = "The command to show the usage of, for example get or trust add.")
    String[] commands = new String[0];

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;
    private PrintWriter err;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        CommandLine root = self.getParent();
        CommandLine target = root;
        for (String name : commands) {
            if (target == root && LAUNCHER_COMMANDS.contains(name)) {
                err.println(launcherCommandMessage(name));
                err.flush();
                return ExitCodes.USAGE;
            }
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(self, "Unknown subcommand '" + name + "'.", null, name);
            }
            target = next;
        }
        target.usage(out, colors);
        out.flush();
        return ExitCodes.OK;
    }

    /** What to tell someone who asked the agent about one of the launcher's commands. */
    static String launcherCommandMessage(String name) {
        return "ossnet: '" + name + "' is a command of the repository's ./ossnet launcher script, not of the agent;"
                + " run ./ossnet " + name + " --help in the repository.";
    }
}
