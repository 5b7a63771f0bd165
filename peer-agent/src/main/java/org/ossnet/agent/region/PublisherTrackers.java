package org.ossnet.agent.region;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ossnet.agent.announce.AnnounceTiers;
import org.ossnet.agent.net.UnreachableException;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.region.RegionAuthority;

/**
 * The trackers one run of the agent talks to for each publisher: the master, found by discovery, and the regional
 * tracker its referral names once {@link RegionReferrals} has accepted it. Metadata ({@link #first}) and announces
 * ({@link #announce}) go to the regional tracker first and to the master when it fails; nothing the regional tracker
 * serves is believed more than the master's, since snapshots are verified with the pinned keys wherever they come
 * from.
 *
 * <p>A region is followed once a key of the publisher is pinned (before that there is nothing to verify its
 * authority with), and again after its authority has expired, at most every {@link AnnounceTiers#BACKOFF}: from
 * expiry until a valid authority replaces it, only the master is used.
 *
 * <p>When the master's discovery cannot be read at all (no connection, a timeout, HTTP 5xx) and an authority this
 * agent accepted before is valid now, that region stands in for the master for the rest of the run ({@link
 * RegionReferrals#standIn}), after one line saying so: metadata from its regional tracker, announces to its announce
 * URLs alone, since the master's announce URL was never read. From the stand-in's expiry on it is dropped and the
 * master asked again (fail closed). Without such an authority the master's failure is the run's, as before.
 * Thread-safe.
 */
public final class PublisherTrackers {

    /** One attempt at one tracker, whose discovery document is {@code tracker}. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T at(Discovery tracker) throws IOException, TrackerException, E;
    }

    private final TrackerClient client;
    private final RegionReferrals referrals;
    private final Clock clock;
    private final Duration backoff;
    private final Consumer<String> warnings;
    private final Map<String, Discovery> masters = new HashMap<>();
    private final Map<String, Region> standIns = new HashMap<>();
    private final Map<String, Followed> regions = new HashMap<>();
    private final Map<String, AnnounceTiers> tiers = new HashMap<>();

    /**
     * What following a publisher's referral gave (null for no region), when, and whether to follow it again, as after
     * an authority expired, at most every back-off.
     */
    private record Followed(Region region, Instant at, boolean again) {}

    /**
     * @param client talks to every tracker
     * @param referrals follows referrals; null to use the master alone, as when a tracker was named explicitly
     * @param clock judges authorities' validity and back-off
     * @param backoff how long a failed regional tracker is skipped, and how often an expired region is followed again
     * @param warnings receives one line whenever a tracker is refused or given up for the other
     */
    public PublisherTrackers(
            TrackerClient client, RegionReferrals referrals, Clock clock, Duration backoff, Consumer<String> warnings) {
        this.client = client;
        this.referrals = referrals;
        this.clock = clock;
        this.backoff = backoff;
        this.warnings = warnings;
    }

    /** The master trackers alone, for commands that name their tracker or have no one to tell of refusals. */
    public static PublisherTrackers masterOnly(TrackerClient client) {
        return new PublisherTrackers(client, null, Clock.systemUTC(), AnnounceTiers.BACKOFF, line -> {});
    }

    public TrackerClient client() {
        return client;
    }

    /** The master tracker's discovery document of {@code publisher}, read once per run. */
    public Discovery master(String publisher) throws IOException, TrackerException {
        synchronized (masters) {
            Discovery known = masters.get(publisher);
            if (known == null) {
                known = client.discover(publisher);
                masters.put(publisher, known);
            }
            return known;
        }
    }

    /** The master's discovery document of {@code publisher} if it was read already, without asking the tracker. */
    public Optional<Discovery> known(String publisher) {
        synchronized (masters) {
            return Optional.ofNullable(masters.get(publisher));
        }
    }

    /**
     * The master's discovery document of {@code publisher}, read once per run, or empty while an accepted region
     * stands in for a master that cannot be reached.
     *
     * @throws IOException or {@link TrackerException}: the master's failure, when no accepted region can stand in
     */
    public Optional<Discovery> reachableMaster(String publisher) throws IOException, TrackerException {
        return Optional.ofNullable(reach(publisher).discovery());
    }

    /** The master's discovery, or the region standing in for it: one of the two is null. */
    private record Reached(Discovery discovery, Region standIn) {}

    private Reached reach(String publisher) throws IOException, TrackerException {
        synchronized (masters) {
            Discovery known = masters.get(publisher);
            if (known != null) {
                return new Reached(known, null);
            }
            Region standIn = standIns.get(publisher);
            if (standIn != null) {
                if (standIn.usableAt(clock.instant())) {
                    return new Reached(null, standIn);
                }
                standIns.remove(publisher);
                warnings.accept("ossnet: the region authority for "
                        + standIn.authority().region() + " expired at "
                        + standIn.authority().expires() + "; asking the master tracker of " + publisher + " again");
            }
            try {
                known = client.discover(publisher);
            } catch (IOException | TrackerException e) {
                standIn = unreachable(e) ? standIn(publisher) : null;
                if (standIn == null) {
                    throw e;
                }
                warnings.accept("ossnet: the master tracker of " + publisher + " is unreachable (" + e.getMessage()
                        + "); using the regional tracker of "
                        + standIn.authority().region()
                        + " from the accepted authority (valid until "
                        + standIn.authority().expires() + ")");
                standIns.put(publisher, standIn);
                return new Reached(null, standIn);
            }
            masters.put(publisher, known);
            return new Reached(known, null);
        }
    }

    /** The accepted region to stand in for the unreachable master, or null; a damaged regions file is a warning. */
    private Region standIn(String publisher) {
        if (referrals == null) {
            return null;
        }
        try {
            return referrals.standIn(publisher).orElse(null);
        } catch (IOException e) {
            warnings.accept("ossnet: no accepted region can stand in for the master tracker of " + publisher + ": "
                    + e.getMessage());
            return null;
        }
    }

    /** Whether the master got nowhere or failed on its side, as opposed to answering that something is wrong. */
    private static boolean unreachable(Exception failure) {
        return failure instanceof UnreachableException || failure instanceof TrackerException e && e.status() >= 500;
    }

    /** The accepted region of {@code publisher} whose authority is valid now, if any. */
    public Optional<Region> region(String publisher) throws IOException, TrackerException {
        if (referrals == null) {
            return Optional.empty();
        }
        Reached reached = reach(publisher);
        if (reached.standIn() != null) {
            return Optional.of(reached.standIn());
        }
        Discovery master = reached.discovery();
        synchronized (regions) {
            Instant now = clock.instant();
            Followed followed = regions.get(publisher);
            if (followed != null
                    && followed.region() != null
                    && !followed.region().usableAt(now)) {
                RegionAuthority expired = followed.region().authority();
                warnings.accept("ossnet: the region authority for " + expired.region() + " expired at "
                        + expired.expires() + "; using the master tracker only");
                followed = new Followed(null, now, true);
                regions.put(publisher, followed);
            }
            boolean due = followed == null
                    || followed.again() && !now.isBefore(followed.at().plus(backoff));
            if (due && referrals.canVerify(publisher)) {
                Discovery current = followed == null ? master : rediscover(publisher);
                Region region = referrals.follow(publisher, current).orElse(null);
                // After an expiry, keep asking while the master still refers to a region: it may issue a new one.
                followed = new Followed(region, now, followed != null && region == null && current.region() != null);
                regions.put(publisher, followed);
            }
            return followed == null
                            || followed.region() == null
                            || !followed.region().usableAt(now)
                    ? Optional.empty()
                    : Optional.of(followed.region());
        }
    }

    /**
     * What {@code attempt} gives at the regional tracker, or, when that fails in any way (unreachable, an error, a
     * document refused), at the master, after a warning. The master's failure is the caller's.
     */
    public <T, E extends Exception> T first(String publisher, Attempt<T, E> attempt)
            throws IOException, TrackerException, E {
        // Reads the master's discovery first, or has a region stand in for it.
        Optional<Region> region = region(publisher);
        if (region.isPresent() && region.get().discovery() != null) {
            Discovery regional = region.get().discovery();
            try {
                return attempt.at(regional);
            } catch (Exception e) {
                // Whatever the regional tracker did wrong, the master may still serve what is asked.
                warnings.accept("ossnet: the regional tracker " + regional.tracker() + " of "
                        + region.get().authority().region() + " failed (" + e.getMessage()
                        + "); using the master tracker");
            }
        }
        return attempt.at(master(publisher));
    }

    /**
     * The announce tiers of {@code publisher}'s swarms: its region's announce URLs while it has a valid authority,
     * then {@code master} (null for none, while a region stands in for an unreachable master). One instance per master
     * URL, shared by all swarms, so they skip a failed region together; the region is looked up at each announce, so
     * one accepted later (after trust on first use) or lost to expiry counts from the next announce on.
     */
    public AnnounceTiers announce(String publisher, URI master) {
        if (referrals == null) {
            return AnnounceTiers.single(master);
        }
        synchronized (tiers) {
            return tiers.computeIfAbsent(
                    publisher + " " + master,
                    key -> new AnnounceTiers(() -> current(publisher), master, clock, backoff, warnings));
        }
    }

    /**
     * Whether an address lies in the region this run follows for {@code publisher} (or that stands in for its
     * unreachable master), as last looked up: no request is made, so swarms may ask at every peer connection.
     */
    public Predicate<InetAddress> inRegion(String publisher) {
        return address -> {
            Region region;
            synchronized (masters) {
                region = standIns.get(publisher);
            }
            if (region == null) {
                synchronized (regions) {
                    Followed followed = regions.get(publisher);
                    region = followed == null ? null : followed.region();
                }
            }
            return region != null
                    && region.usableAt(clock.instant())
                    && region.authority().contains(address.getAddress());
        };
    }

    private RegionAuthority current(String publisher) {
        try {
            return region(publisher).map(Region::authority).orElse(null);
        } catch (IOException | TrackerException e) {
            return null;
        }
    }

    private Discovery rediscover(String publisher) throws IOException, TrackerException {
        Discovery fresh = client.discover(publisher);
        synchronized (masters) {
            masters.put(publisher, fresh);
        }
        return fresh;
    }
}
