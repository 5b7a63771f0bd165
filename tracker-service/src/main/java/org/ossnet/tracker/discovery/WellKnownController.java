package org.ossnet.tracker.discovery;

import java.time.Duration;
import org.ossnet.core.api.Discovery;
import org.ossnet.signing.client.PublisherKeyCache;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /.well-known/ossnet.json}: the tracker's URLs and the publisher keys clients pin. */
@RestController
class WellKnownController {

    private final TrackerProperties properties;
    private final PublisherKeyCache keys;

    WellKnownController(TrackerProperties properties, PublisherKeyCache keys) {
        this.properties = properties;
        this.keys = keys;
    }

    @GetMapping("/.well-known/ossnet.json")
    ResponseEntity<Discovery> discovery() {
        Discovery discovery = new Discovery(
                properties.publisherAuthority(),
                properties.link("/"),
                properties.announceUrl(),
                properties.link("/ns/"),
                keys.current(),
                properties.link("/snapshots/feed"),
                properties.link("/api/v1/mirrors"));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                .body(discovery);
    }
}
