package org.ossnet.tracker.auth;

import io.swagger.v3.oas.annotations.Operation;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Token administration, {@code /api/v1/tokens}: how the publisher's admins issue tokens (an official mirror's
 * {@code mirror} token, a service's, another admin's) and revoke them.
 */
@RestController
@RequestMapping("/api/v1/tokens")
@RequiresRole(Roles.ADMIN)
class TokenController {

    private final TokenAdministration administration;
    private final TrackerProperties properties;

    TokenController(TokenAdministration administration, TrackerProperties properties) {
        this.administration = administration;
        this.properties = properties;
    }

    @Operation(
            summary = "Issues a token with one role; the answer is the only time the token is shown",
            description = "400 naming name, role or expiresAt; 409 when an unrevoked token has the name already.")
    @PostMapping
    ResponseEntity<IssuedToken> issue(@RequestBody TokenRequest request, ApiCaller caller) {
        IssuedToken issued = administration.issue(request, caller.name());
        return ResponseEntity.created(properties.link("/api/v1/tokens/" + issued.id()))
                .body(issued);
    }

    @Operation(summary = "Lists every token, revoked ones included, without the tokens or their hashes")
    @GetMapping
    TokenState.Page list() {
        return new TokenState.Page(administration.list());
    }

    @Operation(summary = "Shows one token, without the token or its hash")
    @GetMapping("/{id}")
    TokenState get(@PathVariable long id) {
        return administration.get(id);
    }

    @Operation(
            summary = "Revokes a token: it answers 401 from the next request on",
            description = "204 also when it was revoked already; 404 for an unknown id; 409 for the last admin token"
                    + " that works.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id, ApiCaller caller) {
        administration.revoke(id, caller.name());
        return ResponseEntity.noContent().build();
    }
}
