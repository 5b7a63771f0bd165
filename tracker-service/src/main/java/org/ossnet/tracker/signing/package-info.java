/** The tracker's use of the signing-client library: its client of signing-service and the publisher-key cache. */
package org.ossnet.tracker.signing;
