/**
 * Mirror credentials at a regional tracker: the master's revocation list and mirror CA certificate followed and
 * verified here, and signed requests checked against them (failing closed once the list expires) before they are
 * relayed to the master.
 */
package org.ossnet.region.credential;
