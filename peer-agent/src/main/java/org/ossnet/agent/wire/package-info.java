/**
 * The BitTorrent peer wire codec: the handshake, the messages of BEP 3, BEP 6 and BEP 10, and the bytes they are
 * framed in, independent of any transport.
 */
package org.ossnet.agent.wire;
