package org.ossnet.tracker.feed;

import org.ossnet.core.api.SnapshotEvent;
import org.ossnet.core.api.SnapshotFeed;
import org.ossnet.tracker.collection.SnapshotLinks;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.stereotype.Component;

/** Builds a page of the feed after a cursor, with absolute links to each snapshot and its signature. */
@Component
class FeedPages {

    private final FeedEvents events;
    private final SnapshotLinks links;
    private final int pageSize;

    FeedPages(FeedEvents events, SnapshotLinks links, TrackerProperties properties) {
        this.events = events;
        this.links = links;
        this.pageSize = properties.feedPageSize();
    }

    SnapshotFeed after(long cursor) {
        var page = events.after(cursor, pageSize).stream()
                .map(row -> new SnapshotEvent(
                        row.id(),
                        row.collection(),
                        row.version(),
                        links.snapshot(row.collectionId(), row.version()),
                        links.signature(row.collectionId(), row.version())))
                .toList();
        return new SnapshotFeed(page, page.isEmpty() ? cursor : page.getLast().id());
    }

    /** The newest event id, so a wake-up can skip followers that are already up to date. */
    long latestId() {
        return events.latestId();
    }
}
