/** The BitTorrent announce engine: HTTP announce, scrape and batch announce over in-memory swarm tables. */
package org.ossnet.announce;
