package org.ossnet.signing.audit;

import org.ossnet.signing.auth.Caller;
import org.ossnet.signing.auth.Role;
import org.ossnet.signing.system.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
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
    AuditEntries audit(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestParam(defaultValue = "100") int limit) {
        caller.require(Role.AUDIT, Role.ADMIN);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problems.badRequest("limit must be from 1 to " + MAX_LIMIT + ", not " + limit + ".");
        }
        return new AuditEntries(log.newest(limit));
    }
}
