package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

class OssnetCliTest {

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        return runWith(Map.of(), args);
    }

    /** Runs with {@code env} as the whole environment, so the user's own variables never leak in. */
    static Result runWith(Map<String, String> env, String... args) {
        CommandLine commandLine = OssnetCli.commandLine(env::get);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void picocliSearchesNoCommandOrMixinOfOursForMethodSubcommandsItDoesNotHave() {
        List<String> searched = new ArrayList<>();
        visit(OssnetCli.commandLine(Map.<String, String>of()::get).getCommandSpec(), searched);
        assertThat(searched)
                .as("classes without @Command methods whose @Command lacks addMethodSubcommands = false")
                .isEmpty();
        assertThat(System.getProperty("picocli.disable.closures"))
                .as("picocli looks for no Groovy closures")
                .isEqualTo("true");
    }

    private static void visit(CommandSpec spec, List<String> searched) {
        if (!(spec.userObject() instanceof Method)) {
            Class<?> type = spec.userObject().getClass();
            boolean ours = type.getPackageName().startsWith("org.ossnet");
            boolean hasMethodCommands =
                    Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(Command.class));
            if (ours && spec.isAddMethodSubcommands() && !hasMethodCommands) {
                searched.add(type.getSimpleName());
            }
        }
        spec.mixins().values().forEach(mixin -> visit(mixin, searched));
        spec.subcommands().values().forEach(command -> visit(command.getCommandSpec(), searched));
    }

    @Test
    void printsUsageForHelpAndSucceeds() {
        Result result = run("--help");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("Usage: ossnet").contains("Exit codes");
    }

    @Test
    void printsItsVersion() {
        Result result = run("--version");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).startsWith("ossnet ");
    }

    @Test
    void rejectsAnUnknownOptionWithTheUsageExitCode() {
        Result result = run("--no-such-option");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void helpShowsTheUsageOfACommandAndOfANestedOne() {
        Result get = run("help", "get");
        assertThat(get.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(get.out()).startsWith("Usage: ossnet get");
        Result add = run("help", "trust", "add");
        assertThat(add.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(add.out()).startsWith("Usage: ossnet trust add");
    }

    @Test
    void helpForTheLauncherCommandsPointsAtTheLauncherScript() {
        for (String command : new String[] {"local", "test"}) {
            Result result = run("help", command);
            assertThat(result.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err())
                    .as(command)
                    .contains("launcher script")
                    .contains("./ossnet " + command + " --help")
                    .doesNotContain("Unknown subcommand");
            assertThat(result.out()).as(command).isEmpty();
        }
    }

    @Test
    void helpForAnUnknownCommandIsAUsageError() {
        Result result = run("help", "frobnicate");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Unknown subcommand 'frobnicate'");
    }

    @Test
    void asksForASubcommandWhenGivenNone() {
        Result result = run();
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Missing subcommand");
    }

    @Test
    void aCommandLineNamingACommandModelsOnlyThatOne() {
        CommandLine get = OssnetCli.commandLine(name -> null, "get", "ossnet://example.org/demo/a.txt");
        assertThat(get.getSubcommands()).containsOnlyKeys("get");

        CommandLine help = OssnetCli.commandLine(name -> null, "help", "get");
        assertThat(help.getSubcommands()).containsKeys("help", "get", "ls", "seed", "mirror");
        CommandLine unknown = OssnetCli.commandLine(name -> null, "frobnicate");
        assertThat(unknown.getSubcommands()).containsKeys("get", "ls", "seed", "mirror");
    }

    @Test
    void aCommandsUsageAndErrorsAreTheSameWithOnlyItsModel() {
        Result usage = run("get", "--help");
        Result lazy = runLazily("get", "--help");
        assertThat(lazy).isEqualTo(usage);
        assertThat(lazy.out()).startsWith("Usage: ossnet get");

        Result unknown = runLazily("get", "--no-such-option", "ossnet://example.org/demo/a.txt");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void theUsageListsEveryCommandButTheHiddenTraining() {
        Result result = run("--help");
        assertThat(result.out()).contains("  get ", "  ls ", "  mirror ").doesNotContain("train-start-cache");
    }

    /** As {@link #run}, through the command line {@code ossnet} itself builds for these arguments. */
    static Result runLazily(String... args) {
        CommandLine commandLine = OssnetCli.commandLine(name -> null, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
