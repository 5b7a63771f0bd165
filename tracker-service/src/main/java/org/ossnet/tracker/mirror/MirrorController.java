package org.ossnet.tracker.mirror;

import java.util.Optional;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.api.MirrorRegistered;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.auth.Roles;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The mirror registry: {@code /api/v1/mirrors}. */
@RestController
@RequestMapping("/api/v1/mirrors")
class MirrorController {

    private final MirrorRegistry registry;
    private final MirrorChecker checker;

    MirrorController(MirrorRegistry registry, MirrorChecker checker) {
        this.registry = registry;
        this.checker = checker;
    }

    /**
     * Public, because anyone may run an unofficial mirror and be listed as one once its claims check out; a mirror
     * token makes the registration official, and any other token is refused rather than quietly ignored.
     */
    @PostMapping
    @PublicEndpoint
    ResponseEntity<MirrorRegistered> register(
            @RequestBody MirrorRegistration registration, Optional<ApiCaller> caller) {
        caller.ifPresent(c -> c.require(Roles.MIRROR));
        MirrorRegistered registered =
                registry.register(registration, caller.map(ApiCaller::name).orElse(null));
        return ResponseEntity.status(HttpStatus.CREATED).body(registered);
    }

    @PutMapping("/{id}/holdings")
    @RequiresRole(MirrorReportTokens.ROLE)
    ResponseEntity<Void> holdings(@PathVariable long id, @RequestBody MirrorHolding holding, ApiCaller caller) {
        if (!caller.name().equals(MirrorReportTokens.callerName(id))) {
            throw ApiProblem.forbidden("A report token may report only its own mirror's holdings.");
        }
        // Checked once the claim has committed, so the outcome always finds it.
        checker.check(registry.claim(id, holding));
        return ResponseEntity.accepted().build();
    }

    @GetMapping
    @RequiresRole({Roles.ADMIN, Roles.PUBLISHER})
    MirrorState.Page list() {
        return new MirrorState.Page(registry.list());
    }
}
