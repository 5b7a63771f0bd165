/** The client of signing-service (snapshot signatures, publisher keys) and the cache of publisher keys it feeds. */
package org.ossnet.signing.client;
