/** The agent's HTTP client of a tracker: discovery, name resolution, snapshot downloads and publishing. */
package org.ossnet.agent.tracker;
