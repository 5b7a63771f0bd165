package org.ossnet.agent.picker;

/** A {@code cancel} to send: {@code peer} was asked for a block that another peer delivered first (end game). */
public record Cancel<P>(P peer, BlockRequest request) {}
