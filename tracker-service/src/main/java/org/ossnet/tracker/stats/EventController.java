package org.ossnet.tracker.stats;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventReceipt;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.tracker.auth.Roles;
import org.ossnet.tracker.system.ClientAddresses;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/events}: agents, mirrors and proxies report completed downloads here, with stats-service's
 * body and receipt. Public, since end users' agents hold no token; a {@code report} or {@code mirror} token, or a
 * registered mirror's report token, earns a larger rate bound and may report mirror syncs, and any other token is
 * refused rather than quietly ignored.
 */
@RestController
class EventController {

    private final EventIntake intake;

    EventController(EventIntake intake) {
        this.intake = intake;
    }

    @Operation(
            summary = "Queues a batch of download events for stats-service, each counted once by its id",
            description = "Taken whole or refused whole: 400 naming the first bad member (events[3].path), 429 with"
                    + " Retry-After once the source's rate bound is used up, 503 when statistics are not configured."
                    + " The receipt comes once the events are stored in the tracker's outbox.")
    @PostMapping(path = "/api/v1/events", consumes = "application/json", produces = "application/json")
    @PublicEndpoint
    DownloadEventReceipt report(
            @RequestBody DownloadEventBatch batch, Optional<ApiCaller> caller, HttpServletRequest request) {
        caller.ifPresent(c -> c.require(Roles.REPORT, Roles.MIRROR, Roles.MIRROR_REPORT));
        return intake.accept(batch, ClientAddresses.socket(request), caller.isPresent());
    }
}
