package org.ossnet.agent.mirror;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ossnet.agent.net.SocketAddresses;
import org.ossnet.agent.ratelimit.ByteRates;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.agent.text.Durations;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.filter.PathPattern;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.net.Cidr;

/**
 * Reads the mirror's configuration file: {@code key = value} lines, {@code #} comments and blank lines, global keys
 * first, then one {@code [collection NAME]} section per collection holding its {@code include} and {@code exclude}
 * rules in order. Every fault names its line: an unknown key, a key given twice, a bad value, a bad pattern, an
 * empty or overlapping time range. Relative paths are taken from the file's directory.
 */
public final class MirrorConfigParser {

    private static final Set<String> GLOBAL = Set.of(
            "tree",
            "staging",
            "http",
            "peers",
            "tracker",
            "base-url",
            "upload-rate",
            "upload-schedule",
            "allow-upload",
            "grace",
            "poll",
            "feed",
            "zone",
            "index",
            "name",
            "mirror-token-file",
            "state",
            "report",
            "origin-fallback");

    /** The keys that may be given more than once, each adding to a list. */
    private static final Set<String> REPEATABLE = Set.of("upload-schedule", "allow-upload", "index");

    private final Path base;
    private final Map<String, String> single = new HashMap<>();
    private final Map<String, Integer> lineOf = new HashMap<>();
    private final List<CapSchedule.Range> ranges = new ArrayList<>();
    private final List<Cidr> allowUpload = new ArrayList<>();
    private final List<PathPattern> index = new ArrayList<>();
    private final List<MirrorConfig.Collection> collections = new ArrayList<>();
    private OssnetName section;
    private int sectionLine;
    private List<CarryRules.Rule> rules;

    private MirrorConfigParser(Path base) {
        this.base = base;
    }

    /**
     * Parses the text of a configuration file that lives in {@code directory}.
     *
     * @throws MirrorConfigException naming the first faulty line and why
     */
    public static MirrorConfig parse(String text, Path directory) throws MirrorConfigException {
        return new MirrorConfigParser(directory).read(text);
    }

    private MirrorConfig read(String text) throws MirrorConfigException {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            line(i + 1, lines[i].strip());
        }
        closeSection();
        if (!single.containsKey("tree")) {
            throw new MirrorConfigException(0, "'tree' is missing: where the mirrored tree lives");
        }
        if (collections.isEmpty()) {
            throw new MirrorConfigException(0, "no [collection NAME] section: the mirror would carry nothing");
        }
        Path tree = path("tree");
        Path staging = single.containsKey("staging")
                ? path("staging")
                : tree.resolveSibling(tree.getFileName() + ".ossnet-staging");
        long otherwise = single.containsKey("upload-rate")
                ? value("upload-rate", MirrorConfigParser::cap)
                : TokenBucket.UNLIMITED;
        CapSchedule schedule = new CapSchedule(ranges, otherwise);
        return new MirrorConfig(
                tree,
                staging,
                address("http", MirrorConfig.DEFAULT_HTTP),
                address("peers", MirrorConfig.DEFAULT_PEERS),
                optional("tracker", MirrorConfigParser::url),
                optional("base-url", MirrorConfigParser::directoryUrl),
                schedule,
                allowUpload,
                optional("grace", Durations::parse).orElse(MirrorConfig.DEFAULT_GRACE),
                optional("poll", Durations::parse).orElse(MirrorConfig.DEFAULT_POLL),
                optional("feed", MirrorConfigParser::url),
                optional("zone", ZoneId::of).orElse(ZoneId.systemDefault()),
                index.isEmpty() ? MirrorConfig.defaultIndex() : index,
                collections,
                optional("name", MirrorConfigParser::name),
                single.containsKey("mirror-token-file") ? Optional.of(path("mirror-token-file")) : Optional.empty(),
                single.containsKey("state") ? path("state") : staging.resolve(MirrorConfig.DEFAULT_STATE),
                optional("report", MirrorConfigParser::yesNo).orElse(true),
                optional("origin-fallback", Durations::parse).orElse(MirrorConfig.DEFAULT_ORIGIN_FALLBACK));
    }

    private void line(int number, String line) throws MirrorConfigException {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("[")) {
            header(number, line);
            return;
        }
        int equals = line.indexOf('=');
        if (equals < 0) {
            throw new MirrorConfigException(
                    number, "expected 'key = value' or '[collection NAME]', got '" + line + "'");
        }
        String key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(equals + 1).strip();
        if (value.isEmpty()) {
            throw new MirrorConfigException(number, "'" + key + "' has no value");
        }
        if (section != null) {
            rule(number, key, value);
        } else {
            global(number, key, value);
        }
    }

    private void header(int number, String line) throws MirrorConfigException {
        if (!line.endsWith("]") || !line.startsWith("[collection ")) {
            throw new MirrorConfigException(
                    number, "expected a section header '[collection NAME]', got '" + line + "'");
        }
        closeSection();
        String name = line.substring("[collection ".length(), line.length() - 1).strip();
        if (name.contains("*") || name.contains("?")) {
            throw new MirrorConfigException(
                    number,
                    "'" + name + "': a collection is named exactly; patterns of"
                            + " collection names need a listing of collections the tracker does not offer");
        }
        OssnetName parsed;
        try {
            parsed = OssnetName.parse(name).asFile();
        } catch (InvalidNameException e) {
            throw new MirrorConfigException(number, "'" + name + "' is not an ossnet:// name: " + e.getMessage());
        }
        if (parsed.isRoot()) {
            throw new MirrorConfigException(number, "'" + name + "' names a publisher, not a collection");
        }
        if (!collections.isEmpty() && !collections.getFirst().name().publisher().equalsIgnoreCase(parsed.publisher())) {
            // One daemon follows one tracker: its feed, its registry and its announce URL.
            throw new MirrorConfigException(
                    number,
                    parsed + " is of publisher " + parsed.publisher() + ", the collections above of "
                            + collections.getFirst().name().publisher() + "; run one mirror daemon per publisher");
        }
        for (MirrorConfig.Collection other : collections) {
            if (parsed.startsWith(other.name()) || other.name().startsWith(parsed)) {
                throw new MirrorConfigException(
                        number,
                        parsed
                                + (parsed.equals(other.name())
                                        ? " is listed twice"
                                        : " and " + other.name()
                                                + " would share a part of the tree; collections never nest"));
            }
        }
        section = parsed;
        sectionLine = number;
        rules = new ArrayList<>();
    }

    private void closeSection() {
        if (section != null) {
            collections.add(new MirrorConfig.Collection(section, new CarryRules(rules)));
        }
    }

    private void rule(int number, String key, String value) throws MirrorConfigException {
        if (!key.equals("include") && !key.equals("exclude")) {
            throw new MirrorConfigException(
                    number,
                    GLOBAL.contains(key)
                            ? "'" + key + "' belongs before the first [collection] section"
                            : "unknown key '" + key + "' in the section of line " + sectionLine
                                    + " (a collection takes include and exclude)");
        }
        try {
            rules.add(new CarryRules.Rule(key.equals("include"), PathPattern.parse(value)));
        } catch (IllegalArgumentException e) {
            throw new MirrorConfigException(number, e.getMessage());
        }
    }

    private void global(int number, String key, String value) throws MirrorConfigException {
        if (!GLOBAL.contains(key)) {
            throw new MirrorConfigException(
                    number,
                    key.equals("include") || key.equals("exclude")
                            ? "'" + key + "' belongs in a [collection NAME] section"
                            : "unknown key '" + key + "'");
        }
        if (!REPEATABLE.contains(key) && single.containsKey(key)) {
            throw new MirrorConfigException(
                    number, "'" + key + "' is given twice (first on line " + lineOf.get(key) + ")");
        }
        lineOf.putIfAbsent(key, number);
        try {
            switch (key) {
                case "upload-schedule" -> {
                    ranges.add(range(value));
                    // Built at each range so that an overlap is blamed on the line that makes it.
                    new CapSchedule(ranges, TokenBucket.UNLIMITED);
                }
                case "allow-upload" -> {
                    for (String cidr : value.split("[,\\s]+")) {
                        allowUpload.add(Cidr.parse(cidr));
                    }
                }
                case "index" -> index.add(PathPattern.parse(value));
                default -> single.put(key, value);
            }
            // Values are checked where they are read, so a bad one must be read now to name this line.
            switch (key) {
                case "http", "peers" -> SocketAddresses.parse(value);
                case "tracker", "feed" -> url(value);
                case "base-url" -> directoryUrl(value);
                case "upload-rate" -> cap(value);
                case "grace", "poll", "origin-fallback" -> Durations.parse(value);
                case "zone" -> ZoneId.of(value);
                case "name" -> name(value);
                case "report" -> yesNo(value);
                default -> {}
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new MirrorConfigException(number, "bad " + key + ": " + e.getMessage());
        }
    }

    /** {@code HH:MM-HH:MM CAP}, the cap in {@link ByteRates} form or {@code unlimited}. */
    private static CapSchedule.Range range(String value) {
        String[] parts = value.split("\\s+");
        String[] times = parts[0].split("-", -1);
        if (parts.length != 2 || times.length != 2) {
            throw new IllegalArgumentException("'" + value + "' is not 'HH:MM-HH:MM RATE' (e.g. 08:00-20:00 10M)");
        }
        try {
            return new CapSchedule.Range(LocalTime.parse(times[0]), LocalTime.parse(times[1]), cap(parts[1]));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + parts[0] + "' is not a time range HH:MM-HH:MM");
        }
    }

    private static String name(String value) {
        if (value.length() > MirrorConfig.MAX_NAME_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "a name has at most " + MirrorConfig.MAX_NAME_LENGTH + " characters and no control characters");
        }
        return value;
    }

    /** {@code yes}/{@code no}, also as {@code on}/{@code off} and {@code true}/{@code false}. */
    private static boolean yesNo(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "on", "true" -> true;
            case "no", "off", "false" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not yes or no");
        };
    }

    private static long cap(String value) {
        return value.equalsIgnoreCase("unlimited") ? TokenBucket.UNLIMITED : ByteRates.parse(value);
    }

    private static URI url(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + value + "' is not an absolute http or https URL");
        }
        return uri;
    }

    private static URI directoryUrl(String value) {
        return url(value.endsWith("/") ? value : value + "/");
    }

    private interface Reader<T> {
        T read(String value);
    }

    private <T> Optional<T> optional(String key, Reader<T> reader) {
        String value = single.get(key);
        return value == null ? Optional.empty() : Optional.of(reader.read(value));
    }

    private <T> T value(String key, Reader<T> reader) {
        return reader.read(single.get(key));
    }

    private InetSocketAddress address(String key, String fallback) {
        return SocketAddresses.parse(single.getOrDefault(key, fallback));
    }

    private Path path(String key) {
        return base.resolve(single.get(key)).normalize();
    }
}
