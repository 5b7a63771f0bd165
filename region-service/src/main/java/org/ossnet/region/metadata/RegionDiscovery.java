package org.ossnet.region.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.RegionReferral;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.region.authority.InstalledAuthority;
import org.ossnet.region.authority.PinnedKeys;
import org.ossnet.region.system.RegionProperties;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * This regional tracker's discovery and its region authority. Discovery names this tracker for metadata, the
 * authority's announce URL, the pinned publisher keys, and the master for what only it does (the snapshot feed,
 * mirror registration); its {@code region} points at the authority served here, which clients verify as they would
 * the master's. Without a valid authority both answer 503, so clients use the master.
 */
@RestController
class RegionDiscovery {

    private static final MediaType PGP_SIGNATURE = MediaType.parseMediaType("application/pgp-signature");

    private final RegionProperties properties;
    private final InstalledAuthority authority;
    private final PinnedKeys keys;

    RegionDiscovery(RegionProperties properties, InstalledAuthority authority, PinnedKeys keys) {
        this.properties = properties;
        this.authority = authority;
        this.keys = keys;
    }

    @GetMapping("/.well-known/ossnet.json")
    ResponseEntity<Discovery> discovery() {
        RegionAuthority a = installed().authority();
        String path = "/regions/" + a.region() + "/authority.json";
        String version = "?version=" + a.version();
        Discovery discovery = new Discovery(
                properties.publisherAuthority(),
                properties.link("/"),
                a.announce().getFirst(),
                properties.link("/ns/"),
                keys.published(),
                properties.master("/snapshots/feed"),
                properties.master("/api/v1/mirrors"),
                new RegionReferral(
                        a.region(),
                        a.trackers(),
                        a.announce(),
                        properties.link(path + version),
                        properties.link(path + ".asc" + version)));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)))
                .body(discovery);
    }

    @GetMapping("/regions/{name}/authority.json")
    ResponseEntity<byte[]> authority(@PathVariable String name, @RequestParam Optional<Long> version) {
        InstalledAuthority.Installed installed = installed(name, version);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)))
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        "Ossnet-Authority-Version",
                        Long.toString(installed.authority().version()))
                .body(installed.document());
    }

    @GetMapping("/regions/{name}/authority.json.asc")
    ResponseEntity<byte[]> signature(@PathVariable String name, @RequestParam Optional<Long> version) {
        InstalledAuthority.Installed installed = installed(name, version);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)))
                .contentType(PGP_SIGNATURE)
                .header(
                        "Ossnet-Authority-Version",
                        Long.toString(installed.authority().version()))
                .body(installed.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private InstalledAuthority.Installed installed() {
        return authority
                .current()
                .orElseThrow(() -> ApiProblem.unavailable(
                        "No region authority",
                        "This regional tracker holds no valid region authority; use the master."));
    }

    private InstalledAuthority.Installed installed(String name, Optional<Long> version) {
        InstalledAuthority.Installed installed = installed();
        if (!installed.authority().region().equals(name)
                || version.filter(v -> v != installed.authority().version()).isPresent()) {
            throw ApiProblem.notFound("This tracker holds the authority of region "
                    + installed.authority().region() + ", version "
                    + installed.authority().version() + " only.");
        }
        return installed;
    }
}
