/** Collections and their signed snapshots: publishing, storage, and re-signing before expiry. */
package org.ossnet.tracker.collection;
