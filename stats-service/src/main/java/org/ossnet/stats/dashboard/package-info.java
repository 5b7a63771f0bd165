/** The dashboard: the static page at {@code /} that charts the queries, and the headers it is served with. */
package org.ossnet.stats.dashboard;
