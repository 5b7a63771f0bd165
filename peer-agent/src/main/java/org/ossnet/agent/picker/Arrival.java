package org.ossnet.agent.picker;

import java.util.List;

/**
 * What the picker made of a block that arrived.
 *
 * @param wanted whether the block was still missing; an unwanted one should not be written
 * @param cancels the duplicate requests still out at other peers, to be cancelled
 */
public record Arrival<P>(boolean wanted, List<Cancel<P>> cancels) {}
