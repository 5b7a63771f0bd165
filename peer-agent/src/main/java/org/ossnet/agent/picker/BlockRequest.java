package org.ossnet.agent.picker;

/** One block to ask a peer for, as in a {@code request} or {@code cancel} message; {@code length} is at most 16 KiB. */
public record BlockRequest(int piece, int offset, int length) {}
