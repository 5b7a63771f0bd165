/** Publishing a local tree as a new snapshot of a collection: scan, hash, compare with the last one, submit. */
package org.ossnet.agent.publish;
