package org.ossnet.announce.peerhandoutpolicy;

/**
 * The peer asking for others.
 *
 * @param address its address, 4 or 16 bytes, for region and cost rules
 * @param seed whether it has the whole file
 */
public record Requester(byte[] address, boolean seed) {}
