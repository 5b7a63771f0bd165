/** Cross-cutting set-up of the stats service: configuration properties, callers, the clock and scheduling. */
package org.ossnet.stats.system;
