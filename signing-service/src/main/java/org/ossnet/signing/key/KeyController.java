package org.ossnet.signing.key;

import java.net.URI;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.PublisherKeys;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.signing.auth.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the publisher's public keys and rotates the active one. */
@RestController
class KeyController {

    private final KeyStore store;
    private final KeyRing keys;

    KeyController(KeyStore store, KeyRing keys) {
        this.store = store;
        this.keys = keys;
    }

    /** Open to everyone: verifiers need the public keys, and they are public. */
    @GetMapping("/api/v1/keys")
    @PublicEndpoint
    PublisherKeys keys() {
        return new PublisherKeys(store.published());
    }

    @PostMapping("/api/v1/keys/rotate")
    ResponseEntity<PublisherKey> rotate(ApiCaller caller) {
        caller.require(Role.ADMIN.configName());
        return ResponseEntity.created(URI.create("/api/v1/keys")).body(keys.rotate());
    }
}
