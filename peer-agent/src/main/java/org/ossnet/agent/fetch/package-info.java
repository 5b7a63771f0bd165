/**
 * Fetching a file or a whole directory of a verified snapshot: the plan (safe local paths, what is already present),
 * one swarm per file with a bounded number active at once, and the aggregate progress of them all.
 */
package org.ossnet.agent.fetch;
