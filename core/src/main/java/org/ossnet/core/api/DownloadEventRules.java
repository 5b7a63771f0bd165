package org.ossnet.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;

/**
 * The rules every {@link DownloadEvent} must meet wherever it is taken in (the tracker from reporters, stats-service
 * from trackers), so both refuse the same events with the same words. What only one side can check (the tracker's
 * catalogue, who may report mirror syncs) stays with that side.
 */
public final class DownloadEventRules {

    /** The largest snapshot version (2^53 - 1, as the tracker allows). */
    public static final long MAX_VERSION = (1L << 53) - 1;

    /** The longest region name. */
    public static final int MAX_REGION_LENGTH = 64;

    /** An event that breaks a rule: the member at fault ({@code events[3].bytes}) and what is wrong with it. */
    public static final class InvalidEventException extends RuntimeException {

        private final String member;

        InvalidEventException(String member, String message) {
            super(message, null, false, false);
            this.member = member;
        }

        /** The member at fault, such as {@code events[3].bytesFromPeers}. */
        public String member() {
            return member;
        }
    }

    private DownloadEventRules() {}

    /**
     * The rules for the events of one batch, as of one instant: every member present, the collection an
     * {@code ossnet://} collection name, the version in range, the path a relative file path, byte counts not negative
     * and the three sources adding up to at most {@code bytes}, the region (when given) 1 to
     * {@value #MAX_REGION_LENGTH} characters without control characters, a known client kind, and a completion no
     * later than {@code latest} nor earlier than {@code now - retention}. A batch names few collections and, by
     * popularity, repeats paths: a name found valid once is not parsed again (parsing the collection's
     * {@code ossnet://} name was most of a check's cost). Not for use by two threads at once.
     */
    public static final class Batch {

        private final Instant latest;
        private final Instant earliest;
        private final Duration retention;
        private final Set<String> validCollections = new HashSet<>();
        private final Set<String> validPaths;

        /**
         * @param latest the latest completion accepted (now plus the allowed clock skew)
         * @param now this server's time
         * @param retention how old a completion may be
         */
        public Batch(Instant latest, Instant now, Duration retention) {
            this(latest, now, retention, new HashSet<>());
        }

        /**
         * The same, with the paths found valid kept in {@code validPaths}, which may outlive the batch: whether a path
         * is a relative file path does not change, and a service that takes many batches of the same files saves
         * parsing each again (a tenth of stats-service's checks on the stats bench). The caller bounds the set; it
         * must be safe for the callers that share it.
         */
        public Batch(Instant latest, Instant now, Duration retention, Set<String> validPaths) {
            this.latest = latest;
            this.earliest = now.minus(retention);
            this.retention = retention;
            this.validPaths = validPaths;
        }

        /**
         * Checks one event of the batch.
         *
         * @param at the event's place in its batch, such as {@code events[3]}, which every message names
         * @throws InvalidEventException naming the first member at fault
         */
        public void check(String at, DownloadEvent event) {
            if (event == null) {
                throw new InvalidEventException(at, at + " must be an event, not null.");
            }
            required(at, ".eventId", event.eventId());
            String collection = required(at, ".collection", event.collection());
            if (!validCollections.contains(collection)) {
                checkCollection(at, collection);
                validCollections.add(collection);
            }
            long version = required(at, ".version", event.version());
            if (version < 1 || version > MAX_VERSION) {
                throw new InvalidEventException(
                        at + ".version", at + ".version must be between 1 and " + MAX_VERSION + ".");
            }
            String path = required(at, ".path", event.path());
            if (!validPaths.contains(path)) {
                try {
                    RelativePath.parse(path);
                } catch (InvalidNameException e) {
                    throw new InvalidEventException(
                            at + ".path", at + ".path is not a relative file path: " + e.getMessage());
                }
                validPaths.add(path);
            }
            long bytes = notNegative(at, ".bytes", event.bytes());
            long fromPeers = notNegative(at, ".bytesFromPeers", event.bytesFromPeers());
            long fromMirrors = notNegative(at, ".bytesFromMirrors", event.bytesFromMirrors());
            long fromOrigin = notNegative(at, ".bytesFromOrigin", event.bytesFromOrigin());
            // Each is at most bytes once this holds, so the sum cannot overflow before it is compared.
            if (fromPeers > bytes
                    || fromMirrors > bytes
                    || fromOrigin > bytes
                    || fromPeers + fromMirrors + fromOrigin > bytes) {
                throw new InvalidEventException(
                        at + ".bytesFromPeers",
                        at + ": bytesFromPeers + bytesFromMirrors + bytesFromOrigin must not exceed bytes.");
            }
            String region = event.region();
            if (region != null && !validRegion(region)) {
                throw new InvalidEventException(
                        at + ".region",
                        at + ".region must be 1 to " + MAX_REGION_LENGTH + " characters without control characters.");
            }
            if (!ClientKind.isValid(required(at, ".clientKind", event.clientKind()))) {
                throw new InvalidEventException(
                        at + ".clientKind",
                        at
                                + ".clientKind must be get, mirror, proxy, cache or bittorrent:<family> (a lower-case word).");
            }
            notNegative(at, ".durationMs", event.durationMs());
            Instant completedAt = required(at, ".completedAt", event.completedAt());
            if (completedAt.isAfter(latest)) {
                throw new InvalidEventException(
                        at + ".completedAt", at + ".completedAt is in the future by this server's clock.");
            }
            if (completedAt.isBefore(earliest)) {
                throw new InvalidEventException(
                        at + ".completedAt",
                        at + ".completedAt is older than the retention of " + retention.toDays()
                                + " days; such events are no longer accepted.");
            }
        }

        private static void checkCollection(String at, String collection) {
            try {
                OssnetName name = OssnetName.parse(collection);
                if (name.segments().isEmpty() || name.directory()) {
                    throw new InvalidEventException(
                            at + ".collection",
                            at + ".collection must name a collection, not a publisher or directory.");
                }
            } catch (InvalidNameException e) {
                throw new InvalidEventException(
                        at + ".collection", at + ".collection is not an ossnet:// name: " + e.getMessage());
            }
        }

        private static boolean validRegion(String region) {
            if (region.isEmpty() || region.length() > MAX_REGION_LENGTH) {
                return false;
            }
            for (int i = 0; i < region.length(); i++) {
                if (Character.isISOControl(region.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The member's name ({@code at} + {@code field}) is put together only when it is at fault. */
    private static long notNegative(String at, String field, Long value) {
        if (required(at, field, value) < 0) {
            throw new InvalidEventException(at + field, at + field + " must not be negative.");
        }
        return value;
    }

    private static <T> T required(String at, String field, T value) {
        if (value == null) {
            throw new InvalidEventException(at + field, at + field + " is required.");
        }
        return value;
    }
}
