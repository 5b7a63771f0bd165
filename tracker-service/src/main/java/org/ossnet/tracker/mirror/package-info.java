/** The mirror registry: registration, holdings reports, the checks behind them, and who is listed for what. */
package org.ossnet.tracker.mirror;
