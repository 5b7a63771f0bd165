/** Decides which blocks to ask which peer for: rarest first, partial pieces first, pipelined, with an end game. */
package org.ossnet.agent.picker;
