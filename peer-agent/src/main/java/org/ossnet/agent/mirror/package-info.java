/**
 * The mirror daemon ({@code ossnet mirror}): its configuration, the sync engine that brings a local tree to a new
 * verified snapshot fetching only what changed and switching data before index files, and the daemon that serves,
 * seeds and follows collections.
 */
package org.ossnet.agent.mirror;
