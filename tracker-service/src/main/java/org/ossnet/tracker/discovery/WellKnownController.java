package org.ossnet.tracker.discovery;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.RegionReferral;
import org.ossnet.signing.client.PublisherKeyCache;
import org.ossnet.tracker.credential.MirrorCaCopy;
import org.ossnet.tracker.region.RegionDelegations;
import org.ossnet.tracker.system.ClientAddresses;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /.well-known/ossnet.json}: the tracker's URLs, the publisher keys clients pin, and the mirror CA certificate
 * and revocation list URL mirrors' credentials are checked with.
 */
@RestController
class WellKnownController {

    private final TrackerProperties properties;
    private final PublisherKeyCache keys;
    private final RegionDelegations delegations;
    private final MirrorCaCopy mirrorCa;

    WellKnownController(
            TrackerProperties properties,
            PublisherKeyCache keys,
            RegionDelegations delegations,
            MirrorCaCopy mirrorCa) {
        this.properties = properties;
        this.keys = keys;
        this.delegations = delegations;
        this.mirrorCa = mirrorCa;
    }

    /**
     * Discovery; a client whose address (the socket's) lies in a delegated region is referred to that region's
     * tracker, so the answer differs by client and is cached privately only.
     */
    @GetMapping("/.well-known/ossnet.json")
    ResponseEntity<Discovery> discovery(HttpServletRequest request) {
        RegionReferral referral = delegations
                .forAddress(ClientAddresses.socket(request))
                .map(delegations::referral)
                .orElse(null);
        Discovery discovery = new Discovery(
                properties.publisherAuthority(),
                properties.link("/"),
                properties.announceUrl(),
                properties.link("/ns/"),
                keys.current(),
                properties.link("/snapshots/feed"),
                properties.link("/api/v1/mirrors"),
                referral,
                mirrorCa.discovered());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate())
                .body(discovery);
    }
}
