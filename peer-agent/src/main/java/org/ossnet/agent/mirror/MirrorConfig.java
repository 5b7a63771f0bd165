package org.ossnet.agent.mirror;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.filter.PathPattern;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.net.Cidr;

/**
 * Everything {@code ossnet mirror run} is told by its configuration file (format and keys in docs/CLI.md, read by
 * {@link MirrorConfigParser}). The defaults live here, named, and nowhere else.
 *
 * @param tree the served tree, laid out by namespace path: file {@code p} of the collection mounted at {@code m} is
 *     at {@code tree/m/p}
 * @param staging where new files are put together before they are switched into the tree; must be on the tree's
 *     file system so that a switch is a rename (default {@code <tree>.ossnet-staging}, beside the tree)
 * @param http where the tree is served over HTTP (default {@link #DEFAULT_HTTP})
 * @param peers where peer connections are accepted (default {@link #DEFAULT_PEERS})
 * @param tracker the tracker whose announce URL the swarms use, if not each publisher's own
 * @param baseUrl the public URL of the tree, if not the HTTP listen address
 * @param upload the upload cap by time of day (default: no cap)
 * @param allowUpload the address ranges uploads may go to (default: everyone)
 * @param grace how long a file the new snapshot dropped stays in the tree, so downloads in flight finish (default
 *     {@link #DEFAULT_GRACE})
 * @param poll how often each collection's {@code /ns} entry is polled when the tracker offers no snapshot feed or
 *     the feed fails (default {@link #DEFAULT_POLL})
 * @param feed a snapshot feed to follow instead of the one the publisher's discovery document names (for a feed
 *     behind a proxy); default: the discovery's
 * @param zone the time zone of the cap schedule (default: the system's)
 * @param index the files switched last, after every data file (default {@link #DEFAULT_INDEX})
 * @param collections the collections carried, at least one, none mounted inside another, all of one publisher
 * @param name the operator's name for the mirror in the tracker's registry (default: the base URL's host)
 * @param mirrorTokenFile a file holding the publisher's mirror token, to register as an official mirror (default:
 *     none, unofficial)
 * @param state the daemon's state file: registration, feed cursor, per-collection status (default {@code
 *     <staging>/}{@link #DEFAULT_STATE})
 * @param report whether each file fetched over the network becomes a download event reported to the tracker
 *     (default {@code true})
 * @param originFallback how long a file's download must have received nothing from other mirrors and peers before
 *     it fetches from the origin's HTTP server (default {@link #DEFAULT_ORIGIN_FALLBACK}); zero takes the origin at
 *     once, as {@code ossnet get} does
 */
public record MirrorConfig(
        Path tree,
        Path staging,
        InetSocketAddress http,
        InetSocketAddress peers,
        Optional<URI> tracker,
        Optional<URI> baseUrl,
        CapSchedule upload,
        List<Cidr> allowUpload,
        Duration grace,
        Duration poll,
        Optional<URI> feed,
        ZoneId zone,
        List<PathPattern> index,
        List<Collection> collections,
        Optional<String> name,
        Optional<Path> mirrorTokenFile,
        Path state,
        boolean report,
        Duration originFallback) {

    /** The HTTP listen address, as {@code ossnet serve}'s. */
    public static final String DEFAULT_HTTP = "127.0.0.1:8090";

    /** The peer listen address, as {@code ossnet seed}'s. */
    public static final String DEFAULT_PEERS = "0.0.0.0:6881";

    /** Long enough for a large ISO to finish at a modest rate after its snapshot moved on. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(30);

    /** The fallback polling interval when the tracker offers no feed. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(60);

    /**
     * Long enough for the mirrors of a release to find each other and the origin's super-seeded swarm, and for the
     * first of them to pass on what the origin sent it, on a loaded host too (with 3 s, `MirrorSwarmIT` saw mirrors
     * take two whole packages from the origin's HTTP at a load average of 21); short enough that a file no peer has
     * is not held up for long. A mirror's sync is not interactive: seconds matter less than the origin's upload.
     */
    public static final Duration DEFAULT_ORIGIN_FALLBACK = Duration.ofSeconds(10);

    /** The state file's name in the staging directory, which is never served. */
    public static final String DEFAULT_STATE = "mirror-state.json";

    /** The longest mirror name the tracker's registry takes. */
    public static final int MAX_NAME_LENGTH = 200;

    /** The index and metadata files of dnf and apt trees, which must never name data files not yet in place. */
    public static final List<String> DEFAULT_INDEX = List.of(
            "repodata/**", "dists/**/Release*", "dists/**/InRelease", "**/Packages*", "**/Sources*", "**/repomd.xml*");

    /**
     * One carried collection.
     *
     * @param name the collection's {@code ossnet://} name
     * @param rules which of its files are carried
     */
    public record Collection(OssnetName name, CarryRules rules) {

        /** Where the collection lives below {@code tree}: its mount path. */
        public Path in(Path tree) {
            Path at = tree;
            for (String segment : name.segments()) {
                at = at.resolve(segment);
            }
            return at;
        }
    }

    public MirrorConfig {
        allowUpload = List.copyOf(allowUpload);
        index = List.copyOf(index);
        collections = List.copyOf(collections);
    }

    /** This configuration with another upload cap schedule (a command-line cap replaces the file's). */
    public MirrorConfig withUpload(CapSchedule schedule) {
        return new MirrorConfig(
                tree,
                staging,
                http,
                peers,
                tracker,
                baseUrl,
                schedule,
                allowUpload,
                grace,
                poll,
                feed,
                zone,
                index,
                collections,
                name,
                mirrorTokenFile,
                state,
                report,
                originFallback);
    }

    /** The publisher of every carried collection. */
    public String publisher() {
        return collections.getFirst().name().publisher();
    }

    /** The default index patterns, compiled. */
    public static List<PathPattern> defaultIndex() {
        return DEFAULT_INDEX.stream().map(PathPattern::parse).toList();
    }

    /** Whether {@code segments}, a path inside a collection, is an index or metadata file, switched last. */
    public boolean isIndex(List<String> segments) {
        return index.stream().anyMatch(p -> p.matches(segments, false));
    }
}
