package org.ossnet.agent.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.json.JsonTrees;
import tools.jackson.core.JacksonException;

/**
 * What a collection's sync was doing when it last wrote this down, so a restart after SIGKILL knows whether a switch
 * must be finished, and which dropped files wait for their grace period to end. Replaced atomically at every step.
 *
 * @param version the snapshot version being staged or switched to, or held
 * @param phase how far the sync of that version got
 * @param removals files the held snapshot dropped, deleted once their time comes
 */
public record SyncJournal(long version, Phase phase, List<Removal> removals) {

    /** How far a sync got. */
    public enum Phase {
        /** Files of {@code version} are being put together in the staging directory; the tree is untouched. */
        STAGING,
        /**
         * Every file of an embargoed {@code version} is staged and verified, and the switch waits for its release
         * instant: the tree serves nothing of it before then, and at the instant it switches without reading or
         * fetching anything again.
         */
        STAGED,
        /** Every file is staged and verified; the switch into the tree must be finished, even after a restart. */
        SWITCHING,
        /** The tree holds {@code version}. */
        HELD
    }

    /**
     * A file to delete from the tree once its grace period ends, unless a later snapshot lists it again.
     *
     * @param path its path in the collection
     * @param after when it may go
     */
    public record Removal(String path, Instant after) {}

    public SyncJournal {
        removals = List.copyOf(removals);
    }

    /** The journal in {@code file}, or one saying {@code held} is held when there is none yet. */
    static SyncJournal read(Path file, long held) throws IOException {
        if (!Files.exists(file)) {
            return new SyncJournal(held, Phase.HELD, List.of());
        }
        try {
            return JsonTrees.mapper().readValue(Files.readAllBytes(file), SyncJournal.class);
        } catch (JacksonException e) {
            throw new IOException("the sync journal " + file + " is damaged: " + e.getOriginalMessage(), e);
        }
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, JsonTrees.mapper().writeValueAsBytes(this));
    }
}
