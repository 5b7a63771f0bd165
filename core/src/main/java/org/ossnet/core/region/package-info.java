/**
 * Region authorities: the publisher's signed delegation of a cost region to a regional tracker, its canonical codec
 * and limits, and the one verifier clients, region-service and the tracker all use.
 */
package org.ossnet.core.region;
