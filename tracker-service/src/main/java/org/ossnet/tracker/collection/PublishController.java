package org.ossnet.tracker.collection;

import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.tracker.auth.Caller;
import org.ossnet.tracker.system.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/publish}: a publisher submits the next snapshot of a collection. */
@RestController
class PublishController {

    private final PublishService publishing;

    PublishController(PublishService publishing) {
        this.publishing = publishing;
    }

    @PostMapping("/api/v1/publish")
    ResponseEntity<PublishResponse> publish(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestBody PublishRequest request) {
        if (!caller.role().equals("publisher") && !caller.role().equals("admin")) {
            throw new ApiProblem(
                    HttpStatus.FORBIDDEN, "Publishing needs a publisher token, not a " + caller.role() + " token");
        }
        PublishResponse response = publishing.publish(request);
        return ResponseEntity.created(response.snapshot()).body(response);
    }
}
