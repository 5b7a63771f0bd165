package org.ossnet.region.exchange;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ossnet.announce.membership.Membership;
import org.ossnet.announce.membership.RemoteMembers;
import org.ossnet.announce.peerstore.PeerStore;
import org.ossnet.announce.peerstore.PeerStore.PeerView;
import org.ossnet.core.api.MembershipReport;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.region.authority.InstalledAuthority;
import org.ossnet.region.authority.MasterClient;
import org.ossnet.region.replication.ReplicatedSwarms;
import org.ossnet.region.system.RegionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code exchange-interval}, reports a sample of this region's peers per swarm to the master, signed with this
 * tracker's key, and keeps the peers of other regions the master answers in the announce store, so the hand-out can
 * give them out when the region runs short (cheapest regions first, a minimum share of outside seeds). While the
 * master is unreachable the peers it last told of stay, refreshed at every failed exchange, so downloads go on and a
 * host arriving meanwhile still hears of seeds elsewhere. The report
 * carries only addresses inside this region's prefixes: the master refuses anything else.
 */
@Component
public class MembershipExchange {

    private static final Logger log = LoggerFactory.getLogger(MembershipExchange.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RegionProperties properties;
    private final InstalledAuthority authority;
    private final PeerStore store;
    private final RemoteMembers remote;
    private final ReplicatedSwarms swarms;
    private final MasterClient master;
    private final Clock clock;
    private final SigningKey key;
    private final Counter sent;
    private final Counter failed;
    private long sequence;
    private String lastProblem;

    MembershipExchange(
            RegionProperties properties,
            InstalledAuthority authority,
            PeerStore store,
            RemoteMembers remote,
            ReplicatedSwarms swarms,
            MasterClient master,
            Clock clock,
            MeterRegistry meters) {
        this.properties = properties;
        this.authority = authority;
        this.store = store;
        this.remote = remote;
        this.swarms = swarms;
        this.master = master;
        this.clock = clock;
        this.key = properties.trackerKeyFile() == null ? null : key(properties);
        this.sent = counter(meters, "sent");
        this.failed = counter(meters, "failed");
    }

    /** One exchange: report, and keep what the master answers. */
    @Scheduled(fixedDelayString = "${ossnet.region.exchange-interval:30s}", initialDelayString = "PT2S")
    public synchronized void exchange() {
        if (key == null) {
            return;
        }
        RegionAuthority own =
                authority.current().map(InstalledAuthority.Installed::authority).orElse(null);
        if (own == null) {
            return;
        }
        if (!key.fingerprint().equals(own.trackerKey())) {
            problem("this tracker's key " + key.fingerprint() + " is not the one region " + own.region()
                    + "'s authority names (" + own.trackerKey() + "): the master would refuse its reports");
            return;
        }
        sequence = Math.max(sequence + 1, clock.millis());
        MembershipReport report =
                new MembershipReport(own.region(), own.version(), sequence, Membership.write(ownPeers(own)));
        try {
            byte[] body = JSON.writeValueAsBytes(report);
            String signature = Base64.getEncoder().encodeToString(key.sign(body).getBytes(StandardCharsets.US_ASCII));
            MasterClient.Answer answer =
                    master.post("/api/v1/regions/" + own.region() + "/membership", body, "Ossnet-Signature", signature);
            if (answer.status() != 200) {
                throw new IOException("the master answered HTTP " + answer.status() + ": "
                        + new String(answer.body(), StandardCharsets.UTF_8));
            }
            MembershipReport reply = JSON.readValue(answer.body(), MembershipReport.class);
            Map<InfoHash, List<PeerView>> others = Membership.read(reply.swarms(), address -> !own.contains(address));
            int held = remote.apply("master", others, swarms::isKnown);
            sent.increment();
            lastProblem = null;
            debugStore(own, "exchanged, " + held + " peers of other regions held");
        } catch (IOException | RuntimeException e) {
            failed.increment();
            // The peers of other regions the master told of last stay until it answers again.
            int kept = remote.refresh("master");
            problem("membership not exchanged with the master: " + e.getMessage());
            debugStore(own, "not exchanged, " + kept + " peers of other regions kept");
        }
    }

    /**
     * At DEBUG, what the store holds per swarm after an exchange: seeds and leechers of this region and of others, so
     * a log shows what the hand-out could give while the master was up and after it went.
     */
    private void debugStore(RegionAuthority own, String outcome) {
        if (!log.isDebugEnabled()) {
            return;
        }
        store.forEachSwarm((swarm, all) -> {
            int[] counts = new int[4];
            for (PeerView peer : all) {
                counts[(own.contains(peer.address()) ? 0 : 2) + (peer.seed() ? 0 : 1)]++;
            }
            log.debug(
                    "Membership {}: swarm {} has here {} seeds and {} leechers, elsewhere {} seeds and {} leechers",
                    outcome,
                    swarm.toHex().substring(0, 8),
                    counts[0],
                    counts[1],
                    counts[2],
                    counts[3]);
        });
    }

    /**
     * This region's peers per swarm that may be handed out, seeds first, at most {@link Membership#MAX_PEERS} each, for
     * every swarm with peers here (the busiest {@link Membership#MAX_SWARMS}).
     */
    private Map<InfoHash, List<PeerView>> ownPeers(RegionAuthority own) {
        Map<InfoHash, List<PeerView>> peers = new LinkedHashMap<>();
        store.forEachSwarm((swarm, all) -> {
            List<PeerView> inside = new ArrayList<>();
            for (PeerView peer : all) {
                if (own.contains(peer.address())) {
                    inside.add(new PeerView(peer.id(), peer.address().clone(), peer.port(), peer.seed()));
                }
            }
            // Listed even with none to hand out (downloaders with upload off): the master answers peers for it.
            inside.sort(Comparator.comparing(PeerView::seed).reversed());
            peers.put(swarm, List.copyOf(inside.subList(0, Math.min(inside.size(), Membership.MAX_PEERS))));
        });
        if (peers.size() <= Membership.MAX_SWARMS) {
            return peers;
        }
        Map<InfoHash, List<PeerView>> busiest = new LinkedHashMap<>();
        peers.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<InfoHash, List<PeerView>> e) ->
                                e.getValue().size())
                        .reversed())
                .limit(Membership.MAX_SWARMS)
                .forEach(e -> busiest.put(e.getKey(), e.getValue()));
        return busiest;
    }

    private void problem(String problem) {
        if (!problem.equals(lastProblem)) {
            log.warn("{}", problem);
        }
        lastProblem = problem;
    }

    private static SigningKey key(RegionProperties properties) {
        try {
            return SigningKey.importSecretKey(
                    Files.readString(properties.trackerKeyFile()),
                    properties.trackerKeyPassphrase() == null
                            ? new char[0]
                            : properties.trackerKeyPassphrase().toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "ossnet.region.tracker-key-file " + properties.trackerKeyFile() + " cannot be read", e);
        } catch (PgpKeyException e) {
            throw new IllegalArgumentException("ossnet.region.tracker-key-file cannot be used: " + e.getMessage(), e);
        }
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("ossnet.region.membership")
                .description("Membership exchanges with the master, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }
}
