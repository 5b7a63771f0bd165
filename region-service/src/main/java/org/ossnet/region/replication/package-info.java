/**
 * The master's public metadata, replicated: snapshots from its snapshot feed (verified with the pinned keys) and the
 * swarms they list, which this regional tracker announces for.
 */
package org.ossnet.region.replication;
