package org.ossnet.agent.origin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files of an origin's tree it answers for exactly as for files that do not exist until their release instant, by its
 * clock: the files of an embargoed snapshot, which only credentialed mirrors may have before then. Each request is
 * judged at the moment it is read, so a file opens at its instant and not at some later sweep.
 *
 * <p>A path is held back both as named and as the real path it leads to, so a symbolic link elsewhere in the tree
 * cannot serve it under another name. A new withholding starts {@link #sealed() sealed} when the tree may hold
 * embargoed files not yet known: everything is withheld until {@link #unseal()}, once the snapshot has been read.
 */
public final class Withholding {

    private final Path realRoot;
    private final Clock clock;
    private final Map<String, Instant> held = new ConcurrentHashMap<>();
    private volatile boolean sealed;

    private Withholding(Path realRoot, Clock clock, boolean sealed) {
        this.realRoot = realRoot;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sealed = sealed;
    }

    /** The real path of the tree's root. */
    Path root() {
        return realRoot;
    }

    /** Withholds nothing until told to; for a tree served by {@code clock}. */
    public static Withholding open(Path root, Clock clock) throws IOException {
        return new Withholding(root.toRealPath(), clock, false);
    }

    /** Withholds every file until {@link #unseal()}, then only the ones withheld by name. */
    public static Withholding sealed(Path root, Clock clock) throws IOException {
        return new Withholding(root.toRealPath(), clock, true);
    }

    /** A withholding of nothing, for a server without embargoed files. */
    static Withholding none(Path realRoot) {
        return new Withholding(realRoot, Clock.systemUTC(), false);
    }

    /**
     * Withholds the file at {@code relativePath} (slash-separated, under the root) until {@code until}, replacing any
     * earlier instant for it: the latest snapshot's embargo is the one its content is held to.
     */
    public void withhold(String relativePath, Instant until) {
        Objects.requireNonNull(until, "until");
        held.put(relativePath, until);
        try {
            Path real = realRoot.resolve(relativePath).toRealPath();
            if (real.startsWith(realRoot) && !real.equals(realRoot)) {
                held.put(key(real), until);
            }
        } catch (IOException | RuntimeException e) {
            // Not there yet: the request path names it, and a link to it is resolved then.
        }
    }

    /** Serves {@code relativePath} (and its real path) again at once, whatever instant it was withheld until. */
    public void release(String relativePath) {
        Instant until = held.remove(relativePath);
        if (until == null) {
            return;
        }
        try {
            Path real = realRoot.resolve(relativePath).toRealPath();
            held.remove(key(real), until);
        } catch (IOException | RuntimeException e) {
            // Gone from the tree: nothing left to serve under its real path either.
        }
    }

    /** Lifts the seal: from now on only files withheld by name are. */
    public void unseal() {
        sealed = false;
    }

    /** Whether a request for the regular file {@code realFile} (a real path under the root) is answered 404 now. */
    boolean withholds(Path realFile) {
        if (sealed) {
            return true;
        }
        if (held.isEmpty()) {
            return false;
        }
        Instant until = held.get(key(realFile));
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        held.remove(key(realFile), until);
        return false;
    }

    /** Whether {@code relativePath} is withheld now: for tests and status. */
    public boolean withholds(String relativePath) {
        if (sealed) {
            return true;
        }
        Instant until = held.get(relativePath);
        return until != null && clock.instant().isBefore(until);
    }

    private String key(Path realFile) {
        return realRoot.relativize(realFile)
                .toString()
                .replace(realFile.getFileSystem().getSeparator(), "/");
    }
}
