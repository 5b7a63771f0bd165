/** Cross-cutting set-up of the stats service: configuration properties. */
package org.ossnet.stats.system;
