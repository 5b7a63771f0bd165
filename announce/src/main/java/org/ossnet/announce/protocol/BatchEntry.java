package org.ossnet.announce.protocol;

import org.ossnet.core.torrent.InfoHash;

/**
 * One swarm of a batch announce.
 *
 * @param infoHash the swarm
 * @param event the event
 * @param left bytes still missing
 * @param uploaded bytes uploaded so far
 * @param downloaded bytes downloaded so far
 */
public record BatchEntry(InfoHash infoHash, Event event, long left, long uploaded, long downloaded) {}
