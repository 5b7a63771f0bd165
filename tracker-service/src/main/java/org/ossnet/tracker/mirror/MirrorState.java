package org.ossnet.tracker.mirror;

import java.time.Instant;
import java.util.List;

/**
 * A registered mirror as {@code GET /api/v1/mirrors} shows it to the publisher.
 *
 * @param id its id
 * @param name the operator's name for it
 * @param baseUrl its tree's base URL
 * @param official whether it registered with a mirror token
 * @param uploadCap its upload cap in bytes per second, or {@code null}
 * @param listed whether documents may name it (false once delisted after repeated failures)
 * @param consecutiveFailures failed checks in a row
 * @param collections what it carries and holds
 */
record MirrorState(
        long id,
        String name,
        String baseUrl,
        boolean official,
        Long uploadCap,
        boolean listed,
        int consecutiveFailures,
        List<Held> collections) {

    /**
     * One carried collection.
     *
     * @param collection its name
     * @param rules what of it the mirror carries, rsync's {@code + PATTERN} / {@code - PATTERN} in order
     * @param claimedVersion the version last claimed, or {@code null}
     * @param verifiedVersion the version it is listed for, or {@code null}
     * @param checkedAt when a check last ended, or {@code null}
     * @param lastFailure why the last check failed, or {@code null} if it passed
     */
    record Held(
            String collection,
            List<String> rules,
            Long claimedVersion,
            Long verifiedVersion,
            Instant checkedAt,
            String lastFailure) {}

    /**
     * The list's body.
     *
     * @param mirrors every registered mirror, by id
     */
    record Page(List<MirrorState> mirrors) {}

    static MirrorState of(Mirror mirror) {
        return new MirrorState(
                mirror.id(),
                mirror.name(),
                mirror.baseUrl(),
                mirror.official(),
                mirror.uploadCap(),
                !mirror.delisted(),
                mirror.consecutiveFailures(),
                mirror.collections().stream()
                        .map(c -> new Held(
                                c.collection(),
                                c.rules().written(),
                                c.claimedVersion(),
                                c.verifiedVersion(),
                                c.checkedAt(),
                                c.lastFailure()))
                        .toList());
    }
}
