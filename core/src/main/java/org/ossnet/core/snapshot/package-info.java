/** Signed snapshots of a collection: the records, their limits and the canonical JSON codec whose bytes get signed. */
package org.ossnet.core.snapshot;
