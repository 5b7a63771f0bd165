package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Function;
import org.ossnet.agent.announce.AnnounceTiers;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.region.AcceptedRegions;
import org.ossnet.agent.region.PublisherTrackers;
import org.ossnet.agent.region.RegionReferrals;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.trust.LastSeenVersions;
import org.ossnet.agent.trust.SnapshotVerifier;
import org.ossnet.agent.trust.TrustStore;

/** Builds the {@link NameResolver} the reading commands share, and the trackers it asks, from their options. */
final class Resolvers {

    private Resolvers() {}

    static NameResolver create(
            AgentOptions options, Function<String, String> env, boolean noTofu, PrintWriter warnings) {
        return create(options, env, noTofu, warnings, trackers(options, env, warnings));
    }

    static NameResolver create(
            AgentOptions options,
            Function<String, String> env,
            boolean noTofu,
            PrintWriter warnings,
            PublisherTrackers trackers) {
        AgentHome home = options.home(env);
        return new NameResolver(
                trackers,
                new TrustStore(home.trustDirectory()),
                new SnapshotVerifier(new LastSeenVersions(home.lastSeenFile()), Clock.systemUTC()),
                !noTofu,
                warnings);
    }

    /**
     * Each publisher's master tracker, and the regional tracker its discovery refers this agent to once the region's
     * authority is verified, or an accepted region's while the master cannot be reached; refusals and fallbacks are one
     * line each on {@code warnings}.
     */
    static PublisherTrackers trackers(AgentOptions options, Function<String, String> env, PrintWriter warnings) {
        return trackers(options, env, warnings, SourceAddress.ANY);
    }

    /**
     * As {@link #trackers(AgentOptions, Function, PrintWriter)}, every request made from {@code source}, which also
     * picks the region to stand in for an unreachable master when several are accepted.
     */
    static PublisherTrackers trackers(
            AgentOptions options, Function<String, String> env, PrintWriter warnings, SourceAddress source) {
        return trackers(options, env, warnings, source, null);
    }

    /**
     * As {@link #trackers(AgentOptions, Function, PrintWriter, SourceAddress)}, requests to the credential's tracker
     * signed by {@code signer} (null for none), so a credentialed agent sees what its certificate covers early.
     */
    static PublisherTrackers trackers(
            AgentOptions options,
            Function<String, String> env,
            PrintWriter warnings,
            SourceAddress source,
            RequestSigner signer) {
        AgentHome home = options.home(env);
        TrackerClient plain = new TrackerClient(options.insecureHttp(env), TrackerClient.Deadlines.DEFAULTS, source);
        TrackerClient client = signer == null ? plain : plain.signedBy(signer);
        var referrals = new RegionReferrals(
                client,
                new TrustStore(home.trustDirectory()),
                new AcceptedRegions(home.regionsFile()),
                Clock.systemUTC(),
                source,
                line -> {
                    warnings.println(line);
                    warnings.flush();
                });
        return new PublisherTrackers(client, referrals, Clock.systemUTC(), AnnounceTiers.BACKOFF, line -> {
            warnings.println(line);
            warnings.flush();
        });
    }
}
