/**
 * The client of signing-service (snapshot signatures, publisher keys, the mirror CA and revocation list) and the cache
 * of publisher keys it feeds.
 */
package org.ossnet.signing.client;
