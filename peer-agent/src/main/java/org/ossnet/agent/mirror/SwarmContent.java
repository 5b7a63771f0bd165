package org.ossnet.agent.mirror;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.ossnet.agent.fetch.FetchPlan;
import org.ossnet.agent.fetch.PlannedFile;
import org.ossnet.agent.fetch.SwarmSource;
import org.ossnet.agent.fetch.TreeFetch;
import org.ossnet.agent.outbox.DownloadReports;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;

/**
 * The mirror's {@link ContentSource}: what {@code ossnet get} does, each file from its own swarm (other mirrors, the
 * origin's super-seeding peer) and the torrent's web seeds at once, except the origin's web seed, which waits while
 * the rest deliver ({@link SwarmConfig#originFallback()}), verified piece by piece and by SHA-256 before it appears at its target;
 * verified pieces of an interrupted download stay beside the target and are resumed. A file downloaded keeps seeding
 * after the call, until {@link #release} once the daemon's {@link MirrorSeeds} seeds it from the tree after the switch
 * (the switch renames the file, which the open swarm keeps reading), so mirrors fetching the same release at once get
 * it from each other throughout. Each file downloaded becomes a
 * download event (kind {@code mirror}) as it completes, when reports are on; files a sync linked or copied from the
 * tree never come here, since no byte of them moved over the network.
 */
public final class SwarmContent implements ContentSource {

    /** How many files are fetched at once, as {@code get}'s default. */
    public static final int DEFAULT_MAX_ACTIVE = 4;

    private final SwarmSource swarms;
    private final PeerListener listener;
    private final SwarmConfig config;
    private final int maxActive;
    private final Duration timeout;
    private final Optional<DownloadReports> reports;
    private final Optional<EmbargoAccess> embargoes;
    private final Clock clock;
    private TreeFetch lingering;

    /**
     * @param timeout how long one call may take in all; what is verified by then stays for the next call
     */
    public SwarmContent(
            SwarmSource swarms, PeerListener listener, SwarmConfig config, int maxActive, Duration timeout) {
        this(swarms, listener, config, maxActive, timeout, Optional.empty());
    }

    /** As above, keeping a download event for each file downloaded in {@code reports}. */
    public SwarmContent(
            SwarmSource swarms,
            PeerListener listener,
            SwarmConfig config,
            int maxActive,
            Duration timeout,
            Optional<DownloadReports> reports) {
        this(swarms, listener, config, maxActive, timeout, reports, Optional.empty(), Clock.systemUTC());
    }

    /**
     * As above; files of an embargoed snapshot are fetched through {@code embargoes} (private swarms among
     * credentialed mirrors) until their release instant by {@code clock}.
     */
    public SwarmContent(
            SwarmSource swarms,
            PeerListener listener,
            SwarmConfig config,
            int maxActive,
            Duration timeout,
            Optional<DownloadReports> reports,
            Optional<EmbargoAccess> embargoes,
            Clock clock) {
        this.embargoes = embargoes;
        this.clock = clock;
        this.reports = reports;
        this.swarms = swarms;
        this.listener = listener;
        this.config = config;
        this.maxActive = maxActive;
        this.timeout = timeout;
    }

    @Override
    public synchronized Fetched fetch(List<Wanted> files) throws InterruptedException {
        release(infoHash -> false);
        FetchPlan plan = new FetchPlan(files.stream()
                .map(w -> new PlannedFile(w.name(), w.file(), w.target(), PlannedFile.Action.DOWNLOAD))
                .toList());
        Map<Path, Exception> failed = new HashMap<>();
        Map<Path, Wanted> byTarget = new HashMap<>();
        files.forEach(w -> byTarget.put(w.target(), w));
        Map<OssnetName, Wanted> byName = new HashMap<>();
        files.forEach(w -> byName.put(w.name(), w));
        SwarmSource source = (name, file) -> {
            SwarmSource.Swarm swarm = swarms.lookup(name, file);
            Wanted w = byName.get(name);
            if (w != null && w.releaseAt() != null && clock.instant().isBefore(w.releaseAt())) {
                // Only a credentialed mirror's tracker shows it an embargoed snapshot: it holds the access.
                return embargoes
                        .orElseThrow(() -> new IOException(name + " is embargoed and this mirror has no credential"))
                        .privately(swarm, name);
            }
            return swarm;
        };
        TreeFetch fetch = new TreeFetch(plan, source, listener, config, true);
        lingering = fetch;
        reports.ifPresent(r -> fetch.onDownloaded(o -> {
            Wanted w = byTarget.get(o.file().target());
            r.completed(
                    w.collection().format(),
                    w.version(),
                    w.file().path().path(),
                    w.file().size(),
                    o.transfer());
        }));
        fetch.start(maxActive, System.nanoTime() + timeout.toNanos());
        // The deadline bounds every file, so this wait ends; each file then reports its own outcome.
        fetch.await(timeout.plusMinutes(1));
        for (TreeFetch.Outcome outcome : fetch.outcomes()) {
            if (outcome.status() == TreeFetch.Status.FAILED) {
                failed.put(outcome.file().target(), outcome.failure());
            }
        }
        return new Fetched(failed, fetch.progress().downloadedBytes());
    }

    @Override
    public synchronized void release(Predicate<InfoHash> takenOver) throws InterruptedException {
        TreeFetch fetch = lingering;
        lingering = null;
        if (fetch != null) {
            fetch.close(takenOver);
        }
    }
}
