package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ossnet.agent.credential.CredentialFiles;
import org.ossnet.agent.credential.CredentialRenewal;
import org.ossnet.agent.credential.MirrorCredentials;
import org.ossnet.agent.credential.MirrorIdentity;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.credential.RevocationFollower;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.region.PublisherTrackers;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.trust.TrustStore;

/**
 * What the long-running commands that may hold a mirror credential ({@code mirror run}, and {@code seed} as the
 * publisher's origin) build from the agent home the same way: the stored credential's files and service, the
 * identity when one is stored for the publisher (signing, the followed revocation list, private swarms), and the
 * trackers, whose requests to the credential's tracker are signed.
 *
 * @param plain a tracker client that signs nothing, for the credential service itself
 * @param identity the enrolled identity, or empty: the command then carries public swarms only
 */
record Credentialed(
        CredentialFiles files, MirrorCredentials credentials, TrackerClient plain, Optional<MirrorIdentity> identity) {

    /** Loads {@code publisher}'s stored credential, if any, and starts following its revocation list. */
    static Credentialed load(AgentHome home, String publisher, boolean insecureHttp, SourceAddress source, Clock clock)
            throws Exception {
        TrackerClient plain = new TrackerClient(insecureHttp, TrackerClient.Deadlines.DEFAULTS, source);
        CredentialFiles files = new CredentialFiles(home);
        MirrorCredentials credentials =
                new MirrorCredentials(plain, files, new TrustStore(home.trustDirectory()), clock);
        return new Credentialed(
                files,
                credentials,
                plain,
                MirrorIdentity.load(files, publisher, credentials, clock, RevocationFollower.DEFAULT_INTERVAL));
    }

    /** The signer of the identity, or null without one. */
    RequestSigner signer() {
        return identity.map(MirrorIdentity::signer).orElse(null);
    }

    /**
     * The trackers: the one named ({@code explicit}) alone, or else the publisher's region first ({@code
     * Resolvers.trackers}); signed either way when there is an identity.
     */
    PublisherTrackers trackers(
            boolean explicit,
            AgentOptions options,
            Function<String, String> env,
            PrintWriter warnings,
            SourceAddress source) {
        RequestSigner signer = signer();
        return explicit
                ? PublisherTrackers.masterOnly(signer == null ? plain : plain.signedBy(signer))
                : Resolvers.trackers(options, env, warnings, source, signer);
    }

    /**
     * Renews the stored credential at half its life while the command runs, the identity using each renewed
     * certificate at once; empty without a stored credential.
     */
    Optional<CredentialRenewal> renewing(String publisher, Clock clock, Consumer<String> notes) throws Exception {
        Optional<CredentialRenewal> renewal = CredentialRenewal.start(credentials, files, publisher, clock, notes);
        renewal.ifPresent(r -> identity.ifPresent(id -> r.onRenewed(id::renewed)));
        return renewal;
    }
}
