package org.ossnet.tracker.mirror;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.api.MirrorRegistered;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.auth.Roles;
import org.ossnet.tracker.credential.MirrorRequests;
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
    private final MirrorRequests mirrors;

    MirrorController(MirrorRegistry registry, MirrorChecker checker, MirrorRequests mirrors) {
        this.registry = registry;
        this.checker = checker;
        this.mirrors = mirrors;
    }

    /**
     * Public, because anyone may run an unofficial mirror and be listed as one once its claims check out. A mirror
     * token, or a request signed with a mirror credential (certificate from the publisher's mirror CA, unrevoked),
     * makes the registration official; any other token, and a signed request whose credential does not hold, is
     * refused rather than quietly taken as unofficial.
     */
    @PostMapping
    @PublicEndpoint
    ResponseEntity<MirrorRegistered> register(
            @RequestBody MirrorRegistration registration, Optional<ApiCaller> caller, HttpServletRequest request) {
        caller.ifPresent(c -> c.require(Roles.MIRROR));
        Optional<String> certified = mirrors.credential(request)
                .map(credential -> "mirror certificate " + credential.serialHex() + " of " + credential.mirror());
        MirrorRegistered registered = registry.register(
                registration, caller.map(ApiCaller::name).or(() -> certified).orElse(null));
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
