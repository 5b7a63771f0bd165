package org.ossnet.signing.mirror;

import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.RequiresRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The publisher's side: enrol a mirror (a one-time token for its credentials) and revoke one. */
@RestController
@RequiresRole("issue-mirror-credentials")
class EnrolmentController {

    private final MirrorEnrolments enrolments;
    private final MirrorRevocations revocations;

    EnrolmentController(MirrorEnrolments enrolments, MirrorRevocations revocations) {
        this.enrolments = enrolments;
        this.revocations = revocations;
    }

    @PostMapping("/api/v1/mirror-enrolments")
    ResponseEntity<EnrolmentToken> enrol(ApiCaller caller, @RequestBody EnrolmentRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(enrolments.enrol(caller, request));
    }

    @PostMapping("/api/v1/mirrors/{name}/revocation")
    MirrorRevoked revoke(ApiCaller caller, @PathVariable("name") String name) {
        return revocations.revoke(caller, name);
    }
}
