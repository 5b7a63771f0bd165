package org.ossnet.announce.protocol;

import java.util.List;
import org.ossnet.core.torrent.InfoHash;

/**
 * One decoded scrape: the swarms asked about, at least one, in the order given.
 *
 * @param infoHashes the swarms
 */
public record ScrapeRequest(List<InfoHash> infoHashes) {

    public ScrapeRequest {
        infoHashes = List.copyOf(infoHashes);
    }
}
