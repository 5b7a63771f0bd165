/**
 * Mirror credentials at the tracker: the relays to signing-service's mirror CA (which only the tracker may reach),
 * and the tracker's own verified copy of the revocation list, which it serves and checks credentials against.
 */
package org.ossnet.tracker.credential;
