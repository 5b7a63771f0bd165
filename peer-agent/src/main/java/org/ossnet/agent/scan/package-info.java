/** Walks a local tree and hashes its files in one read pass each: SHA-256 and BitTorrent pieces together. */
package org.ossnet.agent.scan;
