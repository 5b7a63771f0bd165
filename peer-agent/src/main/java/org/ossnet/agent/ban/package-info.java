/** Finds and bans peers that send bad data: libtorrent-style trust points and smart ban by per-block digests. */
package org.ossnet.agent.ban;
