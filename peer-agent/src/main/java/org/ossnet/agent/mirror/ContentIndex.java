package org.ossnet.agent.mirror;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the mirror's tree already holds each content, by SHA-256, so that a renamed, copied or unchanged file is
 * linked locally instead of fetched. Built from the snapshots the tree holds, which say what each file is without
 * reading it; whatever is taken from here is hashed again before it is used.
 */
public final class ContentIndex {

    private final Map<String, List<Path>> bySha256 = new HashMap<>();

    /** Records that {@code file} holds the content {@code sha256}. */
    public synchronized void add(String sha256, Path file) {
        bySha256.computeIfAbsent(sha256, k -> new ArrayList<>()).add(file);
    }

    /** The files said to hold {@code sha256}, first recorded first. */
    public synchronized List<Path> find(String sha256) {
        return List.copyOf(bySha256.getOrDefault(sha256, List.of()));
    }

    /** The first file said to hold {@code sha256}. */
    public Optional<Path> first(String sha256) {
        return find(sha256).stream().findFirst();
    }
}
