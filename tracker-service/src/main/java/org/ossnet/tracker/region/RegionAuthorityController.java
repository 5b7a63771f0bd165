package org.ossnet.tracker.region;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.api.RegionReferral;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public region authorities: {@code /regions/{name}/authority.json} and its detached signature
 * {@code authority.json.asc}, the newest valid one of a delegated region. Cached briefly, since a new one is issued
 * whenever the region changes.
 */
@RestController
class RegionAuthorityController {

    private static final MediaType PGP_SIGNATURE = MediaType.parseMediaType("application/pgp-signature");
    private static final CacheControl BRIEFLY =
            CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic();

    private final RegionDelegations delegations;

    RegionAuthorityController(RegionDelegations delegations) {
        this.delegations = delegations;
    }

    /** One delegated region in {@code GET /regions}. */
    record Delegated(String region, long version, URI authority, URI signature) {}

    /** {@code GET /regions}: every delegated region. */
    record Delegations(List<Delegated> regions) {}

    @Operation(
            summary = "Lists every delegated region with the URLs of its newest valid authority",
            description = "Regional trackers read it to refuse an authority overlapping another region's.")
    @GetMapping("/regions")
    ResponseEntity<Delegations> list() {
        List<Delegated> regions = delegations.allValid().stream()
                .map(signed -> {
                    RegionReferral referral = delegations.referral(signed);
                    return new Delegated(
                            referral.region(),
                            signed.authority().version(),
                            referral.authority(),
                            referral.signature());
                })
                .toList();
        return ResponseEntity.ok().cacheControl(BRIEFLY).body(new Delegations(regions));
    }

    @Operation(
            summary = "A delegated region's signed region authority (canonical JSON)",
            description = "The newest valid one, or with ?version=N that version while it is valid. The header"
                    + " Ossnet-Authority-Version names the version, so that the signature can be fetched for the same"
                    + " one. 404 when the region is not delegated or has no such valid authority.")
    @GetMapping("/regions/{name}/authority.json")
    ResponseEntity<byte[]> authority(@PathVariable String name, @RequestParam Optional<Long> version) {
        return document(find(name, version));
    }

    @Operation(
            summary = "The detached OpenPGP signature of a region authority",
            description = "?version=N asks for the signature of that version (the one the document named); without"
                    + " it, the newest valid one's.")
    @GetMapping("/regions/{name}/authority.json.asc")
    ResponseEntity<byte[]> signature(@PathVariable String name, @RequestParam Optional<Long> version) {
        SignedAuthority signed = find(name, version);
        return ResponseEntity.ok()
                .cacheControl(BRIEFLY)
                .contentType(PGP_SIGNATURE)
                .header(
                        "Ossnet-Authority-Version",
                        Long.toString(signed.authority().version()))
                .body(signed.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private SignedAuthority find(String name, Optional<Long> version) {
        return delegations
                .valid(name, version.orElse(null))
                .orElseThrow(() -> ApiProblem.notFound("Region " + name + " has no valid region authority"
                        + version.map(v -> " of version " + v).orElse("") + "."));
    }

    static ResponseEntity<byte[]> document(SignedAuthority signed) {
        return ResponseEntity.ok()
                .cacheControl(BRIEFLY)
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        "Ossnet-Authority-Version",
                        Long.toString(signed.authority().version()))
                .body(signed.document());
    }
}
