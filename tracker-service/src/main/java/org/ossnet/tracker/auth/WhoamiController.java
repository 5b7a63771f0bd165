package org.ossnet.tracker.auth;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/** Tells an authenticated caller who the tracker takes it for: the cheapest check that a token works. */
@RestController
class WhoamiController {

    @GetMapping("/api/v1/whoami")
    Caller whoami(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return caller;
    }
}
