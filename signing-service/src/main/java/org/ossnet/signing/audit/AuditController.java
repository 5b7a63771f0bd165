package org.ossnet.signing.audit;

import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.auth.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lets auditors and admins read what was signed, by whom, with which key. */
@RestController
class AuditController {

    static final int MAX_LIMIT = 1000;

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/api/v1/audit")
    AuditEntries audit(ApiCaller caller, @RequestParam(defaultValue = "100") int limit) {
        caller.require(Role.AUDIT.configName(), Role.ADMIN.configName());
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be from 1 to " + MAX_LIMIT + ", not " + limit + ".");
        }
        return new AuditEntries(log.newest(limit));
    }
}
