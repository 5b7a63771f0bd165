package org.ossnet.agent.home;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * The three directories the agent keeps files in, following the XDG base directory specification: keys it trusts
 * (config), hashes it can recompute (cache) and versions it has seen (state).
 *
 * <p>{@code --home DIR} or {@code OSSNET_HOME} put all three under one directory ({@code DIR/config},
 * {@code DIR/cache}, {@code DIR/state}), so a test or a second identity never touches the user's own files.
 *
 * @param config holds {@code trust/}, the pinned publisher keyrings
 * @param cache holds {@code hashes.json}, the hash cache of {@code ossnet publish}
 * @param state holds {@code last-seen.json}, the highest snapshot version seen per collection, {@code regions.json},
 *     the newest region authority accepted per region, and {@code outbox/},
 *     the download events not yet reported
 */
public record AgentHome(Path config, Path cache, Path state) {

    public AgentHome {
        config = config.toAbsolutePath().normalize();
        cache = cache.toAbsolutePath().normalize();
        state = state.toAbsolutePath().normalize();
    }

    /** All three directories under {@code root}. */
    public static AgentHome under(Path root) {
        return new AgentHome(root.resolve("config"), root.resolve("cache"), root.resolve("state"));
    }

    /**
     * The directories for this run: {@code home} if given, else {@code OSSNET_HOME}, else the XDG variables with
     * their documented defaults below {@code userHome}.
     */
    public static AgentHome resolve(Path home, Function<String, String> env, Path userHome) {
        Objects.requireNonNull(env, "env");
        if (home != null) {
            return under(home);
        }
        String ossnetHome = env.apply("OSSNET_HOME");
        if (ossnetHome != null && !ossnetHome.isBlank()) {
            return under(Path.of(ossnetHome));
        }
        return new AgentHome(
                xdg(env, "XDG_CONFIG_HOME", userHome.resolve(".config")).resolve("ossnet"),
                xdg(env, "XDG_CACHE_HOME", userHome.resolve(".cache")).resolve("ossnet"),
                xdg(env, "XDG_STATE_HOME", userHome.resolve(".local/state")).resolve("ossnet"));
    }

    /** The directory of pinned keyrings, one file per publisher. */
    public Path trustDirectory() {
        return config.resolve("trust");
    }

    /** The hash cache file of {@code ossnet publish}. */
    public Path hashCacheFile() {
        return cache.resolve("hashes.json");
    }

    /** The last-seen snapshot versions, the agent's rollback protection. */
    public Path lastSeenFile() {
        return state.resolve("last-seen.json");
    }

    /** The newest region authority accepted per publisher and region, the agent's rollback protection for them. */
    public Path regionsFile() {
        return state.resolve("regions.json");
    }

    /** The download events waiting to be reported, one directory per publisher. */
    public Path outboxDirectory() {
        return state.resolve("outbox");
    }

    /** Whether {@code path} lies inside one of the agent's directories, so a scan of a tree can skip it. */
    public boolean contains(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(config) || p.startsWith(cache) || p.startsWith(state);
    }

    private static Path xdg(Function<String, String> env, String variable, Path fallback) {
        String value = env.apply(variable);
        // The specification says relative values are invalid and must be ignored.
        if (value == null || value.isBlank() || !Path.of(value).isAbsolute()) {
            return fallback;
        }
        return Path.of(value);
    }
}
