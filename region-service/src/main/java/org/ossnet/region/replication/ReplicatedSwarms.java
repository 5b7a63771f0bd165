package org.ossnet.region.replication;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.announce.SwarmRegistry;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.region.authority.InstalledAuthority;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The swarms this regional tracker tracks: those of the replicated snapshots that have not expired, while it holds a
 * valid region authority. Without one (none installed, or expired: fail closed) every announce is answered as for an
 * unknown swarm, and clients fall back to the master. Held in memory; an announce never reads the database.
 */
@Component
public class ReplicatedSwarms implements SwarmRegistry {

    private final Map<InfoHash, Instant> swarms = new ConcurrentHashMap<>();
    private final InstalledAuthority authority;
    private final Clock clock;

    ReplicatedSwarms(JdbcClient jdbc, InstalledAuthority authority, Clock clock) {
        this.authority = authority;
        this.clock = clock;
        jdbc.sql("SELECT info_hash, max(expires) FROM replicated_swarm GROUP BY info_hash")
                .query(rs -> {
                    add(InfoHash.of(rs.getBytes(1)), rs.getTimestamp(2).toInstant());
                });
    }

    /** Tracks {@code swarm} until {@code expires} (or longer, when another snapshot lists it for longer). */
    void add(InfoHash swarm, Instant expires) {
        swarms.merge(swarm, expires, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public boolean isKnown(InfoHash infoHash) {
        Instant expires = swarms.get(infoHash);
        return expires != null
                && clock.instant().isBefore(expires)
                && authority.current().isPresent();
    }
}
