package org.ossnet.agent.region;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.RegionReferral;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.region.RegionAuthorityException;
import org.ossnet.core.region.RegionAuthorityException.Problem;
import org.ossnet.core.region.RegionAuthorityVerifier;

/**
 * Follows the region referral of a master tracker's discovery: fetches the authority and its signature, verifies
 * them with the publisher's pinned keys for the region referred to ({@link RegionAuthorityVerifier}), refuses an
 * authority older than one accepted before or overlapping another accepted region of the publisher, records it, and
 * reads the regional tracker's discovery, which must name the same publisher and region.
 *
 * <p>A referral is advice, never a requirement: whatever is wrong with it is one warning line and the master alone
 * is used, so a bad or hostile referral can neither stop a download nor be acted on.
 *
 * <p>When the master cannot be reached at all, {@link #standIn} offers an authority accepted before, from a referral
 * or {@code ossnet region add}, in its place: it was verified with the pinned keys when accepted, and is used only
 * while it is valid.
 */
public final class RegionReferrals {

    private final TrackerClient client;
    private final TrustStore trust;
    private final AcceptedRegions accepted;
    private final Clock clock;
    private final SourceAddress source;
    private final Consumer<String> warnings;

    public RegionReferrals(
            TrackerClient client, TrustStore trust, AcceptedRegions accepted, Clock clock, Consumer<String> warnings) {
        this(client, trust, accepted, clock, SourceAddress.ANY, warnings);
    }

    /**
     * @param source the address the run binds to ({@code --bind}); a stand-in region containing it is preferred
     */
    public RegionReferrals(
            TrackerClient client,
            TrustStore trust,
            AcceptedRegions accepted,
            Clock clock,
            SourceAddress source,
            Consumer<String> warnings) {
        this.client = client;
        this.trust = trust;
        this.accepted = accepted;
        this.clock = clock;
        this.source = source;
        this.warnings = warnings;
    }

    /** Whether a referral of {@code publisher} can be judged: only once a key of it is pinned. */
    boolean canVerify(String publisher) throws IOException {
        return !trust.keys(publisher).isEmpty();
    }

    /** The region {@code master}'s referral names, if it holds up; empty (after a warning) if not. */
    Optional<Region> follow(String publisher, Discovery master) {
        RegionReferral referral = master.region();
        if (referral == null) {
            return Optional.empty();
        }
        String region = referral.region();
        if (referral.authority() == null || referral.signature() == null) {
            warn("the region referral to " + region + " links no authority and signature");
            return Optional.empty();
        }
        RegionAuthority authority;
        try {
            byte[] document = client.fetch(referral.authority(), RegionAuthorityCodec.MAX_DOCUMENT_BYTES);
            byte[] signature = client.fetch(referral.signature(), SignatureVerifier.MAX_SIGNATURE_BYTES);
            authority = accept(publisher, region, document, signature);
        } catch (RegionAuthorityException e) {
            refuse(e.problem(), e.getMessage(), "; using the master tracker only");
            return Optional.empty();
        } catch (IOException | TrackerException e) {
            warn("the region authority for " + region + " was not used: " + e.getMessage());
            return Optional.empty();
        }
        try {
            return regionalDiscovery(publisher, authority, "; using the master tracker only")
                    .map(discovery -> new Region(authority, discovery));
        } catch (NoRegionalTracker e) {
            warnings.accept("ossnet: no regional tracker of " + region + " answers (" + e.getMessage()
                    + "); metadata from the master tracker, announces to the region once it answers");
            return Optional.of(new Region(authority, null));
        }
    }

    /**
     * The accepted region to use while {@code publisher}'s master tracker cannot be reached: among the accepted
     * authorities valid now (an expired one never is: fail closed), the one whose prefixes hold the run's source
     * address if it binds one, else the one accepted last; with its regional tracker's discovery, checked as for a
     * referral. Empty when no key of the publisher is pinned, no accepted authority is valid, or its regional tracker
     * answers for another publisher or region or not at all (after a warning): the master's failure then stands.
     */
    Optional<Region> standIn(String publisher) throws IOException {
        if (!canVerify(publisher)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<RegionAuthority> valid = accepted.accepted(publisher).stream()
                .map(AcceptedRegions.Accepted::authority)
                .filter(a -> a.isValidAt(now))
                .toList();
        Optional<InetAddress> bound = source.bound();
        Optional<RegionAuthority> chosen = bound.flatMap(address -> valid.stream()
                        .filter(a -> a.contains(address.getAddress()))
                        .findFirst())
                .or(() -> valid.stream().findFirst());
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        RegionAuthority authority = chosen.get();
        try {
            return regionalDiscovery(publisher, authority, "; the master tracker is unreachable")
                    .map(discovery -> new Region(authority, discovery));
        } catch (NoRegionalTracker e) {
            warnings.accept("ossnet: the master tracker of " + publisher + " is unreachable and no regional tracker of "
                    + authority.region() + " answers either (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private RegionAuthority accept(String publisher, String region, byte[] document, byte[] signature)
            throws IOException {
        List<OpenPgpPublicKey> keys = trust.keys(publisher);
        RegionAuthority authority = new RegionAuthorityVerifier(new SignatureVerifier(keys), publisher, clock)
                .verify(document, signature, region);
        accepted.accept(authority, clock.instant());
        return authority;
    }

    /**
     * The discovery of the first regional tracker that answers, if it names this publisher and region; empty after a
     * refusal when it names others (a tracker serving another region's authority is not this region's).
     */
    private Optional<Discovery> regionalDiscovery(String publisher, RegionAuthority authority, String otherwise)
            throws NoRegionalTracker {
        String last = null;
        for (URI base : authority.trackers()) {
            Discovery discovery;
            try {
                discovery = client.discoverAt(base);
            } catch (IOException | TrackerException e) {
                last = e.getMessage();
                continue;
            }
            if (!publisher.equals(discovery.publisher())) {
                refuse(
                        Problem.FOREIGN,
                        "the regional tracker " + base + " serves publisher " + discovery.publisher() + ", not "
                                + publisher,
                        otherwise);
                return Optional.empty();
            }
            String named =
                    discovery.region() == null ? null : discovery.region().region();
            if (!authority.region().equals(named)) {
                refuse(
                        Problem.WRONG_REGION,
                        "the regional tracker " + base + " names "
                                + (named == null ? "no region" : "region " + named) + ", but its authority is for "
                                + authority.region(),
                        otherwise);
                return Optional.empty();
            }
            if (discovery.ns() == null) {
                last = "the discovery document of " + base + " has no ns URL";
                continue;
            }
            return Optional.of(discovery);
        }
        throw new NoRegionalTracker(last);
    }

    private void refuse(Problem problem, String message, String otherwise) {
        warnings.accept("ossnet: region authority refused ("
                + problem.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): " + message + otherwise);
    }

    private void warn(String message) {
        warnings.accept("ossnet: " + message + "; using the master tracker only");
    }

    /** No regional tracker answered discovery. */
    private static final class NoRegionalTracker extends Exception {
        NoRegionalTracker(String message) {
            super(message);
        }
    }
}
