/**
 * Swarm membership exchanged between the master tracker and regional trackers: reading and checking a report, and
 * keeping the peers another tracker told of in this tracker's store (docs/ARCHITECTURE.md, "Membership exchange").
 */
package org.ossnet.announce.membership;
