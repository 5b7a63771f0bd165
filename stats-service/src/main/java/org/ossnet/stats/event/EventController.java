package org.ossnet.stats.event;

import io.swagger.v3.oas.annotations.Operation;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventReceipt;
import org.ossnet.service.auth.RequiresRole;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/events}: trackers deliver download events here, in batches, as often as they need to. */
@RestController
class EventController {

    private final Ingestion ingestion;

    EventController(Ingestion ingestion) {
        this.ingestion = ingestion;
    }

    @Operation(
            summary = "Stores a batch of download events, each counted once by its id",
            description = "The batch is taken whole or refused whole (400 naming the first bad member, such as"
                    + " events[3].bytes). Resending a batch adds nothing: the answer says how many events were new.")
    @PostMapping(path = "/api/v1/events", consumes = "application/json", produces = "application/json")
    @RequiresRole("ingest")
    DownloadEventReceipt ingest(@RequestBody DownloadEventBatch batch) {
        return ingestion.ingest(batch);
    }
}
