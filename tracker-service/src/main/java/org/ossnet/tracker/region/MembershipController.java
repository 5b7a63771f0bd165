package org.ossnet.tracker.region;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ossnet.announce.SwarmRegistry;
import org.ossnet.announce.membership.Membership;
import org.ossnet.announce.membership.RemoteMembers;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.announce.peerstore.PeerSink;
import org.ossnet.announce.peerstore.PeerStore;
import org.ossnet.announce.peerstore.PeerStore.PeerView;
import org.ossnet.core.api.MembershipReport;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.SignatureVerificationException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The master's side of the membership exchange: {@code POST /api/v1/regions/{name}/membership}. A delegated region's
 * tracker reports a sample of its region's peers per swarm, signed with its own key (the one the delegation
 * registered, whose fingerprint its authority names); the master keeps them in its store, so its hand-out can give
 * them to peers elsewhere when their regions run short, and answers, for the same swarms, peers outside that region,
 * chosen by its hand-out as for a leecher of the region (cheapest regions first). Refused: an unsigned or otherwise
 * signed report (403), one not newer than the last (409, replay), a peer outside the region or a malformed member
 * (400 naming it), a region not delegated or without a valid authority (404). It takes no bearer token: the
 * signature by the key the publisher's admin registered is the credential.
 */
@RestController
@PublicEndpoint
class MembershipController {

    /** The most bytes of one report: 1,000 swarms of 200 peers would need more; a report samples. */
    static final int MAX_REPORT_BYTES = 4 * 1024 * 1024;

    /** The most peers of other regions answered per swarm. */
    static final int ANSWERED_PEERS = 50;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RegionDelegations delegations;
    private final RemoteMembers remote;
    private final PeerStore store;
    private final HandoutPolicy policy;
    private final SwarmRegistry swarms;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    MembershipController(
            RegionDelegations delegations,
            RemoteMembers remote,
            PeerStore store,
            HandoutPolicy policy,
            SwarmRegistry swarms,
            JdbcClient jdbc,
            MeterRegistry meters) {
        this.delegations = delegations;
        this.remote = remote;
        this.store = store;
        this.policy = policy;
        this.swarms = swarms;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @Operation(
            summary = "A regional tracker's report of its region's peers; answers peers of other regions",
            description = "Body: MembershipReport JSON, signed: header Ossnet-Signature is the base64 of the armored"
                    + " detached OpenPGP signature over the body by the regional tracker's key. 403 when not signed so;"
                    + " 409 when its sequence is not above the last accepted; 400 naming the member at fault; 404 when"
                    + " the region is not delegated or has no valid authority.")
    @PostMapping("/api/v1/regions/{name}/membership")
    MembershipReport report(
            @PathVariable String name,
            @RequestBody byte[] body,
            @RequestHeader(name = "Ossnet-Signature", required = false) String signature) {
        // Only delegated regions' names become tags: the path is anyone's to write.
        String tag = delegations.trackerKeyOf(name).isPresent() ? name : "unknown";
        try {
            MembershipReport answer = exchange(name, body, signature);
            count(tag, "accepted");
            return answer;
        } catch (ApiProblem refused) {
            count(tag, "refused");
            throw refused;
        }
    }

    private MembershipReport exchange(String name, byte[] body, String signature) {
        RegionAuthority authority = delegations
                .valid(name, null)
                .orElseThrow(
                        () -> ApiProblem.notFound("Region " + name + " is not delegated, or has no valid authority."))
                .authority();
        OpenPgpPublicKey key = delegations
                .trackerKeyOf(name)
                .filter(k -> k.fingerprint().equals(authority.trackerKey()))
                .orElseThrow(() -> ApiProblem.forbidden("Region " + name + "'s authority names another tracker key."));
        if (body.length > MAX_REPORT_BYTES) {
            throw ApiProblem.tooLarge("A membership report is at most " + MAX_REPORT_BYTES + " bytes.");
        }
        verify(name, key, body, signature);
        MembershipReport report;
        try {
            report = JSON.readValue(body, MembershipReport.class);
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("Not a membership report: " + e.getOriginalMessage());
        }
        if (!name.equals(report.region())) {
            throw ApiProblem.invalid("region", "The report is for region " + report.region() + ", not " + name + ".");
        }
        Map<InfoHash, List<PeerView>> members;
        try {
            members = Membership.read(report.swarms(), authority::contains);
        } catch (Membership.InvalidMembershipException e) {
            throw ApiProblem.invalid(e.field(), e.getMessage());
        }
        int newer = jdbc.sql("INSERT INTO region_membership (region, last_sequence) VALUES (?, ?)"
                        + " ON CONFLICT (region) DO UPDATE SET last_sequence = EXCLUDED.last_sequence"
                        + " WHERE region_membership.last_sequence < EXCLUDED.last_sequence")
                .params(name, report.sequence())
                .update();
        if (newer == 0) {
            throw ApiProblem.of(
                    HttpStatus.CONFLICT,
                    "Sequence " + report.sequence() + " is not above the last report accepted from region " + name
                            + ": a replay, or reports out of order.");
        }
        remote.apply("region:" + name, members, swarms::isKnown);
        byte[] inside = authority.prefixes().getFirst().network();
        Map<InfoHash, List<PeerView>> answer = new LinkedHashMap<>();
        for (InfoHash swarm : members.keySet()) {
            List<PeerView> outside = new ArrayList<>();
            store.sample(
                    swarm, new Requester(inside, false), ANSWERED_PEERS, policy, authority::contains, new PeerSink() {
                        @Override
                        public void accept(byte[] address, int port, PeerId id) {
                            accept(address, port, id, false);
                        }

                        @Override
                        public void accept(byte[] address, int port, PeerId id, boolean seed) {
                            outside.add(new PeerView(id, address.clone(), port, seed));
                        }
                    });
            if (!outside.isEmpty()) {
                answer.put(swarm, outside);
            }
        }
        return new MembershipReport("", 0, 0, Membership.write(answer));
    }

    private static void verify(String name, OpenPgpPublicKey key, byte[] body, String signature) {
        if (signature == null) {
            throw ApiProblem.forbidden("A membership report must carry Ossnet-Signature.");
        }
        try {
            byte[] armored = Base64.getDecoder().decode(signature.strip());
            new SignatureVerifier(List.of(key)).verify(body, armored);
        } catch (IllegalArgumentException | SignatureVerificationException e) {
            throw ApiProblem.forbidden(
                    "The report is not signed by region " + name + "'s tracker key: " + e.getMessage());
        }
    }

    private void count(String region, String outcome) {
        Counter.builder("ossnet.tracker.region.membership")
                .description("Membership reports from regional trackers, by region and outcome")
                .tag("region", region)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
