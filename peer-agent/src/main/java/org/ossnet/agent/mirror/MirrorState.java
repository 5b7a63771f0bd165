package org.ossnet.agent.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.json.JsonTrees;
import tools.jackson.core.JacksonException;

/**
 * What {@code ossnet mirror run} writes down for a restart and for {@code ossnet mirror status}: the feed cursor, the
 * registration (with its secret report token, so the file is mode 600), and each collection's status. Replaced
 * atomically, so a reader never sees half of it.
 *
 * @param cursor the last snapshot feed event handled
 * @param registration the mirror's registration at the tracker, or {@code null} before the first report
 * @param collections the status of each carried collection, by name
 * @param uploadCap the upload cap in force, bytes per second ({@code -1} for none)
 * @param nextCapChange when the cap changes next and to what, or {@code null} if it never does
 * @param updated when this was written
 * @param reports the download events waiting to be reported, or {@code null} when reporting is off
 */
public record MirrorState(
        long cursor,
        RegistryClient.Registration registration,
        Map<String, CollectionStatus> collections,
        long uploadCap,
        CapChange nextCapChange,
        Instant updated,
        Reports reports) {

    /**
     * One collection's status.
     *
     * @param held the version the served tree holds (0 before the first switch)
     * @param latest the newest version known to be published
     * @param latestSince when {@code latest} was first known, for the lag
     * @param bytesUp bytes uploaded to peers from the swarms of the files held now
     * @param bytesDown bytes fetched by syncs since the daemon started
     * @param peers peers connected to its swarms
     * @param lastSync when the last sync of it ended
     * @param lastError why the last sync or report failed, or {@code null}
     */
    public record CollectionStatus(
            long held,
            long latest,
            Instant latestSince,
            long bytesUp,
            long bytesDown,
            int peers,
            Instant lastSync,
            String lastError) {

        /** How long the tree has been behind the newest known version; zero when it holds it. */
        public java.time.Duration lag(Instant now) {
            return held >= latest || latestSince == null
                    ? java.time.Duration.ZERO
                    : java.time.Duration.between(latestSince, now);
        }
    }

    /**
     * A change of the upload cap to come.
     *
     * @param at when, in the schedule's zone
     * @param cap the cap from then on, bytes per second ({@code -1} for none)
     */
    public record CapChange(java.time.LocalDateTime at, long cap) {}

    /**
     * The mirror's download event outbox.
     *
     * @param waiting events in the outbox, not yet acknowledged by the tracker
     * @param dropped events dropped over the outbox's bound, ever
     * @param quarantined events set aside, refused or unreadable
     * @param lastProblem why the last report left events waiting, or {@code null}
     */
    public record Reports(int waiting, long dropped, int quarantined, String lastProblem) {}

    public MirrorState {
        collections = new TreeMap<>(collections);
    }

    /** The state in {@code file}, or nothing if the daemon never wrote one. */
    public static java.util.Optional<MirrorState> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(
                    JsonTrees.lenientMapper().readValue(Files.readAllBytes(file), MirrorState.class));
        } catch (JacksonException e) {
            throw new IOException("the mirror state " + file + " is damaged: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the state atomically, readable by its owner only (it holds the report token). */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, JsonTrees.lenientMapper().writeValueAsBytes(this));
    }
}
