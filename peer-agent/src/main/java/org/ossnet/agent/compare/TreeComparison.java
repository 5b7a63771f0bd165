package org.ossnet.agent.compare;

import java.util.List;

/**
 * How a local tree differs from a snapshot, paths sorted.
 *
 * @param missing listed in the snapshot, absent locally
 * @param extra present locally, not listed
 * @param differing present in both with another size or SHA-256
 */
public record TreeComparison(List<String> missing, List<String> extra, List<Difference> differing) {

    /** A file whose content is not the one the snapshot lists; {@code reason} says how. */
    public record Difference(String path, String reason) {}

    /** Whether the tree holds exactly the snapshot's files with their content. */
    public boolean identical() {
        return missing.isEmpty() && extra.isEmpty() && differing.isEmpty();
    }
}
