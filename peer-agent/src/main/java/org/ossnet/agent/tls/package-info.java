/**
 * The transport of private swarms: BitTorrent peer connections over TLS 1.3 with mutual authentication by mirror
 * credentials, checked against the publisher's pinned CA and the current revocation list.
 */
package org.ossnet.agent.tls;
