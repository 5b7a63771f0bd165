/** Failures to reach an HTTP server, shared by the tracker and announce clients so the CLI can say what failed. */
package org.ossnet.agent.net;
