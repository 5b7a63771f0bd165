package org.ossnet.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ossnet.core.name.RelativePath;

/** rsync's filter semantics over snapshot paths: the pattern forms, first match wins, excluded directories. */
class CarryRulesTest {

    /** Rules written as {@code +pattern} or {@code -pattern}, separated by spaces. */
    private static CarryRules rules(String written) {
        List<CarryRules.Rule> rules = new ArrayList<>();
        for (String rule : written.split(" ")) {
            rules.add(new CarryRules.Rule(rule.charAt(0) == '+', PathPattern.parse(rule.substring(1))));
        }
        return new CarryRules(rules);
    }

    @ParameterizedTest(name = "{0} on {1} carries: {2}")
    @CsvSource({
        // A pattern without a slash matches the last segment at any depth.
        "-*.iso,               a.iso,                       false",
        "-*.iso,               images/x/a.iso,              false",
        "-*.iso,               images/a.iso.sig,            true",
        // * stays within a segment, ** crosses them.
        "-images/*.iso,        images/a.iso,                false",
        "-images/*.iso,        images/x/a.iso,              true",
        "-images/**.iso,       images/x/a.iso,              false",
        // Unanchored patterns with a slash match any tail starting at a segment boundary; / anchors at the root.
        "-debug/*.rpm,         x86_64/debug/a.rpm,          false",
        "-debug/*.rpm,         x86_64/notdebug/a.rpm,       true",
        "-/debug/*.rpm,        x86_64/debug/a.rpm,          true",
        "-/debug/*.rpm,        debug/a.rpm,                 false",
        // A trailing slash matches directories only, and an excluded directory drops everything below it.
        "-debug/,              x86_64/debug/tree/a.rpm,     false",
        "-debug/,              x86_64/debug,                true",
        "-/iso/,               iso/a.iso,                   false",
        "-/iso/,               x/iso/a.iso,                 true",
        // First match wins, whatever follows.
        "+*.rpm -*,            a.rpm,                       true",
        "+*.rpm -*,            a.txt,                       false",
        "-*  +*.rpm,           a.rpm,                       false",
        // As in rsync, including a directory does not include what is in it; dir/*** does.
        "+/Everything/ -*,     Everything/a.rpm,            false",
        "+/Everything/*** -*,  Everything/x/a.rpm,          true",
        "+/Everything/*** -*,  Other/a.rpm,                 false",
        // ? is one character of a segment, [...] a class.
        "-a?.txt,              ab.txt,                      false",
        "-a?.txt,              abc.txt,                     true",
        "-[0-9]*.log,          x/7.log,                     false",
        "-[!0-9]*.log,         x/7.log,                     true",
        // With no rule matching, a file is carried.
        "-*.iso,               README,                      true",
    })
    void carriesAsRsyncWould(String rules, String path, boolean carried) {
        assertThat(rules(rules.strip().replaceAll(" +", " ")).carries(RelativePath.parse(path)))
                .isEqualTo(carried);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " x", "a//b", "/", "a/../b", "./a", "[abc", "a[/]b"})
    void refusesPatternsThatMatchNothingOrAreMalformed(String pattern) {
        assertThatThrownBy(() -> PathPattern.parse(pattern)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void carriesEverythingWithoutRules() {
        assertThat(CarryRules.ALL.carries(RelativePath.parse("any/where/at/all")))
                .isTrue();
    }

    @Test
    void readsTheShortFilterFormAndWritesItBack() {
        List<String> written = List.of("- /debug/", "+ */", "+ *.rpm", "+ repodata/***", "- *");
        CarryRules rules = CarryRules.parse(written);

        assertThat(rules.written()).isEqualTo(written);
        assertThat(rules.carries(RelativePath.parse("Packages/b/bash.rpm"))).isTrue();
        assertThat(rules.carries(RelativePath.parse("debug/Packages/b/bash.rpm")))
                .isFalse();
        assertThat(rules.carries(RelativePath.parse("README"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"debug/", "+debug/", "* debug/", "+ ", "- [abc", "+ a//b", "- a\nb"})
    void refusesAMalformedRuleNamingIt(String rule) {
        assertThatThrownBy(() -> CarryRules.parse(List.of("+ ok", rule)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rules[1]: ");
    }
}
