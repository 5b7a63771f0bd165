/** In-memory swarm tables: peers per info-hash with expiry, caps and seed and leecher counts. */
package org.ossnet.announce.peerstore;
