package org.ossnet.tracker.collection;

import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.client.SigningUnavailableException;
import org.ossnet.tracker.auth.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/publish}: a publisher submits the next snapshot of a collection. */
@RestController
class PublishController {

    private static final Logger log = LoggerFactory.getLogger(PublishController.class);

    private final PublishService publishing;

    PublishController(PublishService publishing) {
        this.publishing = publishing;
    }

    @PostMapping("/api/v1/publish")
    @RequiresRole({Roles.PUBLISHER, Roles.ADMIN})
    ResponseEntity<PublishResponse> publish(@RequestBody PublishRequest request) {
        PublishResponse response;
        try {
            response = publishing.publish(request);
        } catch (SigningUnavailableException e) {
            log.warn("Publish refused, signing-service unavailable: {}", e.getMessage());
            throw ApiProblem.unavailable(
                    "Signing unavailable",
                    "signing-service is unavailable, nothing was published and the previous snapshot keeps serving: "
                            + e.getMessage());
        }
        return ResponseEntity.created(response.snapshot()).body(response);
    }
}
