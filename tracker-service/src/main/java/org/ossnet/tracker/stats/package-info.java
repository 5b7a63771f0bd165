/** Download statistics: events reporters send, completed announces, and their outbox forwarded to stats-service. */
package org.ossnet.tracker.stats;
