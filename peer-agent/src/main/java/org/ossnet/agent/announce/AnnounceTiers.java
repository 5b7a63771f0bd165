package org.ossnet.agent.announce;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ossnet.core.region.RegionAuthority;

/**
 * Where an announce goes, in two BEP 12 tiers: the announce URLs of the region's verified authority first, then the
 * publisher's master tracker. Every announce tries the regional URLs in order and falls back to the master at once
 * when none answers; after such a failure the regional tier is skipped for {@link #BACKOFF}, then tried again, so the
 * agent returns to the regional tracker once it is back. An authority outside its validity window is never used
 * (fail closed: from its expiry on, announces go to the master). One instance is shared by every swarm of a
 * publisher, so a dead regional tracker costs one timeout, not one per swarm.
 *
 * <p>What counts as a failure is anything the announce throws: no connection, a timeout, an HTTP error, a bencoded
 * {@code failure reason} for the whole request. A batch reply that refuses single swarms is an answer.
 *
 * <p>Without a master tier (a run whose master tracker could not be reached, where a region stands in for it) the
 * regional tier is tried at every announce, never skipped, and its failure is the announce's.
 */
public final class AnnounceTiers {

    /** How long a regional tier that failed is skipped: shorter than trackers' intervals, so each round retries it. */
    public static final Duration BACKOFF = Duration.ofMinutes(2);

    /** One announce to one URL. */
    @FunctionalInterface
    public interface Call<T> {
        T to(URI announceUrl) throws IOException;
    }

    private final Supplier<RegionAuthority> region;
    private final URI master;
    private final Clock clock;
    private final Duration backoff;
    private final Consumer<String> notes;
    private Instant failedAt;
    private boolean onMaster;
    private RegionAuthority expiredNoted;

    /**
     * @param region the region's current authority, asked before every announce; null when there is none
     * @param master the master tracker's announce URL; null for none, the region's tier alone
     * @param clock the clock back-off and validity are judged by
     * @param backoff how long a failed regional tier is skipped
     * @param notes receives one line whenever announces move from one tier to the other
     */
    public AnnounceTiers(
            Supplier<RegionAuthority> region, URI master, Clock clock, Duration backoff, Consumer<String> notes) {
        this.region = Objects.requireNonNull(region, "region");
        this.master = master;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.notes = Objects.requireNonNull(notes, "notes");
    }

    /** One tier of one URL: announces go there and nowhere else. */
    public static AnnounceTiers single(URI announceUrl) {
        return new AnnounceTiers(() -> null, announceUrl, Clock.systemUTC(), BACKOFF, note -> {});
    }

    /** The master tracker's announce URL, the last tier; null when there is none. */
    public URI master() {
        return master;
    }

    /**
     * Makes {@code call} to the first tier that answers.
     *
     * @throws IOException what the master tracker threw, when it failed too (or was the only tier); what the region's
     *     last URL threw, or that no authority is valid, when there is no master tier
     */
    public <T> T announce(Call<T> call) throws IOException {
        RegionAuthority current = region.get();
        RegionAuthority authority = due(current);
        if (authority != null) {
            IOException last = null;
            for (URI url : authority.announce()) {
                try {
                    T answer = call.to(url);
                    answered(authority);
                    return answer;
                } catch (IOException e) {
                    last = e;
                }
            }
            failed(authority, last);
            if (master == null) {
                throw last;
            }
        }
        if (master == null) {
            throw new IOException("no tracker to announce to: the master tracker was not reached in this run, and "
                    + (current == null
                            ? "no region stands in for it"
                            : "the region authority for " + current.region() + " is not valid now"));
        }
        return call.to(master);
    }

    /** The authority whose tier to try now, or null to go to the master at once. */
    private synchronized RegionAuthority due(RegionAuthority authority) {
        if (authority == null) {
            return null;
        }
        Instant now = clock.instant();
        if (!authority.isValidAt(now)) {
            if (!authority.equals(expiredNoted)) {
                expiredNoted = authority;
                notes.accept("ossnet: the region authority for " + authority.region() + " is not valid now (it expires"
                        + " at " + authority.expires() + "); "
                        + (master == null
                                ? "no tracker to announce to"
                                : "announcing to the master tracker " + master));
            }
            return null;
        }
        // Without a master there is nothing to skip the region for.
        return master == null || failedAt == null || !now.isBefore(failedAt.plus(backoff)) ? authority : null;
    }

    private synchronized void answered(RegionAuthority authority) {
        if (onMaster) {
            onMaster = false;
            notes.accept("ossnet: the regional tracker of " + authority.region() + " answers again; announcing there");
        }
        failedAt = null;
    }

    private synchronized void failed(RegionAuthority authority, IOException failure) {
        failedAt = clock.instant();
        if (!onMaster) {
            onMaster = true;
            notes.accept("ossnet: the regional tracker of " + authority.region() + " failed (" + failure.getMessage()
                    + (master == null
                            ? "); no master tracker to announce to in this run, trying the region again"
                            : "); announcing to the master tracker " + master + ", trying the region again after "
                                    + backoff.toSeconds() + " s"));
        }
    }
}
