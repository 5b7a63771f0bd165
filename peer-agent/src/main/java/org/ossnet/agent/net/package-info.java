/**
 * The agent's HTTP exchanges, each bounded in size and in time over the whole answer, and the failures to reach a
 * server, shared by the tracker, announce and web seed clients so the CLI can say what failed; and the one reader
 * of listen addresses.
 */
package org.ossnet.agent.net;
