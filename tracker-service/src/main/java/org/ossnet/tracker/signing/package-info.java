/** The tracker's client of signing-service: detached signatures for snapshots, and the publisher keys. */
package org.ossnet.tracker.signing;
