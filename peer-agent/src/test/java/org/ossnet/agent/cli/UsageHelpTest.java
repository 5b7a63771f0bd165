package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The usage text of {@code ossnet} and of every subcommand, as picocli renders it at its default width: what a user
 * reads first, so it must not be cut, overflow or break a word in two.
 */
class UsageHelpTest {

    /** picocli's default usage width, which a terminal without {@code usageHelpAutoWidth} gets. */
    static final int WIDTH = 80;

    private static final Pattern COMMAND_ENTRY = Pattern.compile("^  (\\S+)\\s+(.*)$");

    @Test
    void rendersAtPicocliDefaultWidth() {
        commands()
                .values()
                .forEach(c -> assertThat(c.getUsageHelpWidth())
                        .as(c.getCommandSpec().qualifiedName())
                        .isEqualTo(WIDTH));
    }

    @Test
    void noLineIsWiderThanTheUsageWidth() {
        commands().forEach((name, command) -> {
            for (String line : usage(command, WIDTH).lines().toList()) {
                assertThat(line.length()).as(name + ": '" + line + "'").isLessThanOrEqualTo(WIDTH);
            }
        });
    }

    @Test
    void everySummaryInACommandListIsACompleteSentence() {
        for (String parent : List.of("ossnet", "ossnet trust", "ossnet region")) {
            Map<String, String> summaries = commandList(usage(commands().get(parent), WIDTH));
            assertThat(summaries).as(parent).isNotEmpty();
            summaries.forEach((name, summary) ->
                    assertThat(summary).as(parent + " " + name).endsWith(".").doesNotEndWith(",."));
        }
        assertThat(commandList(usage(commands().get("ossnet"), WIDTH)))
                .containsKeys("help", "torrent", "publish", "ls", "verify", "trust", "region", "serve", "get", "seed");
    }

    @Test
    void everyDescriptionParagraphEndsItsSentence() {
        // picocli starts each element of a description on a new line, so an element that stops mid-sentence shows
        // as a cut line ("… directories end with /),").
        commands().forEach((name, command) -> {
            CommandSpec spec = command.getCommandSpec();
            List<String> paragraphs =
                    new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
            Stream.concat(spec.options().stream(), spec.positionalParameters().stream())
                    .map(ArgSpec::description)
                    .forEach(d -> paragraphs.addAll(Arrays.asList(d)));
            assertThat(paragraphs)
                    .as(name)
                    .allSatisfy(p -> assertThat(p.strip()).as(name).matches("(?s).*[.:]$"));
        });
    }

    @Test
    void neverSplitsEGAcrossLines() {
        commands()
                .forEach((name, command) ->
                        assertThat(usage(command, WIDTH)).as(name).doesNotContainPattern("e\\.\\s*\\R\\s*g\\."));
    }

    @Test
    void wrapsOnlyBetweenWords() {
        // java.text.BreakIterator, which picocli wraps with, also breaks after "e." in "e.g.", after the ":" of
        // "127.0.0.1:8090" and inside URLs. Rendered so wide that nothing wraps, the text holds only whole words;
        // a word at the default width that is not among them is half of a split one.
        Map<String, List<String>> halves = new LinkedHashMap<>();
        commands().forEach((name, command) -> {
            Set<String> whole = Set.copyOf(words(usage(command, 1000)));
            List<String> split = words(usage(command, WIDTH)).stream()
                    .filter(w -> !whole.contains(w))
                    .toList();
            if (!split.isEmpty()) {
                halves.put(name, split);
            }
        });
        assertThat(halves).as("halves of words split across lines").isEmpty();
    }

    @Test
    void listsTheExitCodesOnePerLine() {
        String usage = usage(commands().get("ossnet"), WIDTH);
        String footer = usage.substring(usage.indexOf("Exit codes"));
        for (int code : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
            assertThat(footer).containsPattern("(?m)^  " + code + " +\\S");
        }
        assertThat(footer).containsPattern("(?m)^  16\\+ +verify");
    }

    /** Every command by its qualified name, the root first. */
    static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        collect(OssnetCli.commandLine(name -> null), all);
        return all;
    }

    private static void collect(CommandLine command, Map<String, CommandLine> all) {
        all.put(command.getCommandSpec().qualifiedName(), command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    static String usage(CommandLine command, int width) {
        command.setUsageHelpWidth(width);
        try {
            return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
        } finally {
            command.setUsageHelpWidth(WIDTH);
        }
    }

    /** The "Commands:" list of a usage text: each command's summary, its wrapped lines joined. */
    static Map<String, String> commandList(String usage) {
        Map<String, String> summaries = new LinkedHashMap<>();
        String current = null;
        boolean inList = false;
        for (String line : usage.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
            } else if (inList && line.isBlank()) {
                break;
            } else if (inList) {
                Matcher entry = COMMAND_ENTRY.matcher(line);
                if (entry.matches()) {
                    current = entry.group(1);
                    summaries.put(current, entry.group(2).strip());
                } else {
                    summaries.merge(current, line.strip(), (a, b) -> a + " " + b);
                }
            }
        }
        return summaries;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
