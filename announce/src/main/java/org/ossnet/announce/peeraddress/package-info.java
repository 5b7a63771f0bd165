/** The address a peer is known by: the socket, or a forwarded header from trusted proxies only. */
package org.ossnet.announce.peeraddress;
