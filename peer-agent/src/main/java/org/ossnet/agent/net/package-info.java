/**
 * The agent's HTTP exchanges, each bounded in size and in time over the whole answer, and the failures to reach a
 * server, shared by the tracker, announce and web seed clients so the CLI can say what failed; the one reader of
 * listen addresses; and the source address every outgoing connection of a command binds to.
 */
package org.ossnet.agent.net;
