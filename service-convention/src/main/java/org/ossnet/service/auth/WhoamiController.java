package org.ossnet.service.auth;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells an authenticated caller who the service takes it for: the cheapest check that a token works. */
@RestController
class WhoamiController {

    @GetMapping("/api/v1/whoami")
    ApiCaller whoami(ApiCaller caller) {
        return caller;
    }
}
