/** The agent's BitTorrent HTTP announce client: one request, the strict reply decoder, and the periodic announcer. */
package org.ossnet.agent.announce;
