package org.ossnet.agent.fetch;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * The trees a fetch's small files can be taken from over HTTP, learned once for all of them from one file's
 * {@code url-list}: the tracker names a file's web seeds as the URL of a tree (the origin the snapshot was published
 * with, or a mirror) followed by the file's encoded path, so the part before that path serves every file of the
 * collection the tree holds. Mirrors come first, in the tracker's order, the origin last, as the swarm takes from the
 * origin's web seed only when the others do not serve: its egress is what mirrors exist to save.
 *
 * <p>Nothing here is trusted: every file is proven against the signed snapshot's SHA-256. A mirror that holds an older
 * version of a file, or none, answers with other bytes or an error, and the file is taken from the next tree; a tree
 * that sends wrong bytes or cannot be reached is dropped for the rest of the fetch.
 */
final class WebSeedBases {

    /**
     * One tree.
     *
     * @param prefix the tree's URL, ending in {@code /}; a file's URL is this followed by its encoded path
     * @param origin whether it is the publisher's origin rather than a mirror, for the download statistics
     */
    record Base(String prefix, boolean origin) {

        /** The URL of {@code file} in this tree. */
        URI url(SnapshotFile file) {
            return URI.create(prefix + file.path().encoded());
        }
    }

    /** No tree: every file goes to its swarm. */
    static final WebSeedBases NONE = new WebSeedBases(List.of());

    private final List<Base> bases;
    private final Map<Base, String> dropped = new ConcurrentHashMap<>();

    private WebSeedBases(List<Base> bases) {
        this.bases = List.copyOf(bases);
    }

    /**
     * The trees of {@code swarm}'s web seeds, the swarm of {@code file}. A private swarm has none (its files are on no
     * web seed before their release); a URL that is not http or https, or does not end in the file's encoded path
     * after a {@code /}, names no tree other files could be found in and is left out.
     */
    static WebSeedBases of(SwarmSource.Swarm swarm, SnapshotFile file) {
        if (swarm.isPrivate()) {
            return NONE;
        }
        String path = file.path().encoded();
        String origin = swarm.originWebSeed();
        List<Base> mirrors = new ArrayList<>();
        Base originBase = null;
        for (String url : swarm.metainfo().webSeeds()) {
            if (!(url.startsWith("http://") || url.startsWith("https://"))
                    || !url.endsWith("/" + path)
                    || !validUri(url)) {
                continue;
            }
            Base base = new Base(url.substring(0, url.length() - path.length()), url.equals(origin));
            if (base.origin()) {
                originBase = base;
            } else if (!mirrors.contains(base)) {
                mirrors.add(base);
            }
        }
        if (originBase != null) {
            mirrors.add(originBase);
        }
        return new WebSeedBases(mirrors);
    }

    /** The trees not dropped, mirrors first, the origin last. */
    List<Base> usable() {
        return bases.stream().filter(b -> !dropped.containsKey(b)).toList();
    }

    /** Whether there is no tree at all, dropped or not. */
    boolean isEmpty() {
        return bases.isEmpty();
    }

    /** Stops using {@code base} for this fetch, for {@code reason}. */
    void drop(Base base, String reason) {
        dropped.putIfAbsent(base, reason);
    }

    /** Why each dropped tree was dropped, by its URL. */
    Map<String, String> dropped() {
        Map<String, String> why = new java.util.TreeMap<>();
        dropped.forEach((base, reason) -> why.put(base.prefix(), reason));
        return why;
    }

    private static boolean validUri(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
