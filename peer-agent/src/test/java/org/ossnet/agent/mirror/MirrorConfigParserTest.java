package org.ossnet.agent.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.net.Cidr;

/** The mirror's configuration file: every key read, defaults, and faults named by line. */
class MirrorConfigParserTest {

    private static final Path DIR = Path.of("/etc/ossnet");

    private static final String FULL = """
            # A mirror of two collections.
            tree = /srv/mirror
            staging = /srv/staging
            http = 0.0.0.0:8080
            peers = [::]:6881
            tracker = https://tracker.example.org/
            base-url = https://mirror.example.org/pub
            upload-rate = 50M
            upload-schedule = 08:00-20:00 10M
            upload-schedule = 20:00-02:00 unlimited
            allow-upload = 10.0.0.0/8, 192.168.0.0/16
            allow-upload = 2001:db8::/32
            grace = 15m
            origin-fallback = 5s
            poll = 30s
            feed = https://tracker.example.org/api/v1/feed
            zone = Europe/Berlin
            index = repodata/**
            name = Example Mirror, Berlin
            mirror-token-file = mirror.token
            state = /var/lib/ossnet/mirror-state.json
            report = no

            [collection ossnet://example.org/fedora/45/Everything/x86_64]
            exclude = /debug/
            include = */
            include = *.rpm
            exclude = *

            [collection ossnet://example.org/debian/trixie]
            """;

    @Test
    void readsEveryKey() throws Exception {
        MirrorConfig config = MirrorConfigParser.parse(FULL, DIR);

        assertThat(config.tree()).isEqualTo(Path.of("/srv/mirror"));
        assertThat(config.staging()).isEqualTo(Path.of("/srv/staging"));
        assertThat(config.http().getPort()).isEqualTo(8080);
        assertThat(config.peers().getPort()).isEqualTo(6881);
        assertThat(config.tracker()).contains(URI.create("https://tracker.example.org/"));
        assertThat(config.baseUrl()).contains(URI.create("https://mirror.example.org/pub/"));
        assertThat(config.upload().otherwise()).isEqualTo(50L << 20);
        assertThat(config.upload().capAt(LocalTime.of(12, 0))).isEqualTo(10L << 20);
        assertThat(config.upload().capAt(LocalTime.of(1, 0))).isEqualTo(TokenBucket.UNLIMITED);
        assertThat(config.upload().capAt(LocalTime.of(3, 0))).isEqualTo(50L << 20);
        assertThat(config.allowUpload())
                .containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.0.0/16"), Cidr.parse("2001:db8::/32"));
        assertThat(config.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.originFallback()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.poll()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.feed()).contains(URI.create("https://tracker.example.org/api/v1/feed"));
        assertThat(config.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.name()).contains("Example Mirror, Berlin");
        assertThat(config.mirrorTokenFile()).contains(DIR.resolve("mirror.token"));
        assertThat(config.state()).isEqualTo(Path.of("/var/lib/ossnet/mirror-state.json"));
        assertThat(config.report()).isFalse();
        assertThat(config.publisher()).isEqualTo("example.org");
        assertThat(config.isIndex(List.of("repodata", "repomd.xml"))).isTrue();
        assertThat(config.isIndex(List.of("dists", "trixie", "InRelease"))).isFalse();
        assertThat(config.collections())
                .extracting(MirrorConfig.Collection::name)
                .containsExactly(
                        OssnetName.parse("ossnet://example.org/fedora/45/Everything/x86_64"),
                        OssnetName.parse("ossnet://example.org/debian/trixie"));
        CarryRules fedora = config.collections().getFirst().rules();
        assertThat(fedora.carries(RelativePath.parse("Packages/a/a.rpm"))).isTrue();
        assertThat(fedora.carries(RelativePath.parse("debug/a.rpm"))).isFalse();
        assertThat(fedora.carries(RelativePath.parse("README"))).isFalse();
        assertThat(config.collections().get(1).rules()).isEqualTo(CarryRules.ALL);
        assertThat(config.collections().getFirst().in(config.tree()))
                .isEqualTo(Path.of("/srv/mirror/fedora/45/Everything/x86_64"));
    }

    @Test
    void fillsInTheDefaults() throws Exception {
        MirrorConfig config = MirrorConfigParser.parse("tree = mirror\n[collection ossnet://example.org/c]\n", DIR);

        assertThat(config.tree()).isEqualTo(Path.of("/etc/ossnet/mirror"));
        assertThat(config.staging()).isEqualTo(Path.of("/etc/ossnet/mirror.ossnet-staging"));
        assertThat(config.http().getPort()).isEqualTo(8090);
        assertThat(config.http().getAddress().isLoopbackAddress()).isTrue();
        assertThat(config.peers().getPort()).isEqualTo(6881);
        assertThat(config.tracker()).isEmpty();
        assertThat(config.feed()).isEmpty();
        assertThat(config.name()).isEmpty();
        assertThat(config.mirrorTokenFile()).isEmpty();
        assertThat(config.report()).isTrue();
        assertThat(config.state()).isEqualTo(Path.of("/etc/ossnet/mirror.ossnet-staging/mirror-state.json"));
        assertThat(config.upload().capAt(LocalTime.NOON)).isEqualTo(TokenBucket.UNLIMITED);
        assertThat(config.allowUpload()).isEmpty();
        assertThat(config.grace()).isEqualTo(MirrorConfig.DEFAULT_GRACE);
        assertThat(config.originFallback()).isEqualTo(MirrorConfig.DEFAULT_ORIGIN_FALLBACK);
        assertThat(config.poll()).isEqualTo(MirrorConfig.DEFAULT_POLL);
        assertThat(config.isIndex(List.of("dists", "trixie", "main", "binary-amd64", "Packages.xz")))
                .isTrue();
        assertThat(config.isIndex(List.of("dists", "trixie", "InRelease"))).isTrue();
        assertThat(config.isIndex(List.of("dists", "trixie", "Release.gpg"))).isTrue();
        assertThat(config.isIndex(List.of("repodata", "abc-primary.xml.zst"))).isTrue();
        assertThat(config.isIndex(List.of("pool", "main", "a", "a_1.deb"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "colour = blue                               | line 2: unknown key 'colour'",
                "tree = /again                               | line 2: 'tree' is given twice (first on line 1)",
                "http = 0.0.0.0:99999                        | line 2: bad http",
                "peers = nowhere                             | line 2: bad peers",
                "tracker = ftp://example.org/                | line 2: bad tracker",
                "feed = not a url                            | line 2: bad feed",
                "upload-rate = fast                          | line 2: bad upload-rate",
                "upload-schedule = 08:00-08:00 1M            | line 2: bad upload-schedule: the range 08:00-08:00 is empty",
                "upload-schedule = 25:00-08:00 1M            | line 2: bad upload-schedule: '25:00-08:00' is not a time range",
                "upload-schedule = 08:00 1M                  | line 2: bad upload-schedule",
                "allow-upload = 10.0.0.0/33                  | line 2: bad allow-upload",
                "grace = soon                                | line 2: bad grace",
                "origin-fallback = later                     | line 2: bad origin-fallback",
                "poll = 0s                                   | line 2: bad poll",
                "zone = Mars/Olympus                         | line 2: bad zone",
                "report = maybe                              | line 2: bad report: 'maybe' is not yes or no",
                "index = a//b                                | line 2: bad index",
                "include = *.rpm                             | line 2: 'include' belongs in a [collection NAME] section",
                "just words                                  | line 2: expected 'key = value'",
                "grace =                                     | line 2: 'grace' has no value",
                "name = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | line 2: bad name: a name has at most 200 characters",
            })
    void namesTheLineAndTheReasonOfABadGlobalKey(String line, String message) {
        String text = "tree = /srv/mirror\n" + line + "\n[collection ossnet://example.org/c]\n";

        assertThatThrownBy(() -> MirrorConfigParser.parse(text, DIR))
                .isInstanceOf(MirrorConfigException.class)
                .hasMessageStartingWith(message.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "exclude = a//b                         | line 3: pattern 'a//b' has an empty",
                "include = [abc                         | line 3: pattern '[abc' has an unclosed '['",
                "grace = 1m                             | line 3: 'grace' belongs before the first [collection] section",
                "mode = fast                            | line 3: unknown key 'mode' in the section of line 2",
                "[collection ossnet://example.org/c/d]  | line 3: ossnet://example.org/c/d and ossnet://example.org/c would share",
                "[collection ossnet://example.org/c]    | line 3: ossnet://example.org/c is listed twice",
                "[collection ossnet://example.org/*]    | line 3: 'ossnet://example.org/*': a collection is named exactly",
                "[collection ossnet://example.org]      | line 3: 'ossnet://example.org' names a publisher",
                "[collection ossnet://other.org/d]      | line 3: ossnet://other.org/d is of publisher other.org, the collections above of example.org; run one mirror daemon per publisher",
                "[mirror]                               | line 3: expected a section header",
            })
    void namesTheLineAndTheReasonOfABadSectionLine(String line, String message) {
        String text = "tree = /srv/mirror\n[collection ossnet://example.org/c]\n" + line + "\n";

        assertThatThrownBy(() -> MirrorConfigParser.parse(text, DIR))
                .isInstanceOf(MirrorConfigException.class)
                .hasMessageStartingWith(message.strip());
    }

    @Test
    void blamesTheLineThatMakesRangesOverlap() {
        String text = "tree = /t\nupload-schedule = 22:00-06:00 1M\n\nupload-schedule = 05:00-07:00 2M\n"
                + "[collection ossnet://example.org/c]\n";

        assertThatThrownBy(() -> MirrorConfigParser.parse(text, DIR))
                .hasMessage("line 4: bad upload-schedule: the range 05:00-07:00 overlaps 22:00-06:00");
    }

    @Test
    void refusesAFileWithoutTreeOrCollections() {
        assertThatThrownBy(() -> MirrorConfigParser.parse("[collection ossnet://example.org/c]\n", DIR))
                .hasMessageStartingWith("'tree' is missing");
        assertThatThrownBy(() -> MirrorConfigParser.parse("tree = /t\n", DIR))
                .hasMessageStartingWith("no [collection NAME] section");
    }
}
