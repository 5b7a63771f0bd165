/** BitTorrent announce, scrape and batch announce over HTTP, for the swarms of published files. */
package org.ossnet.tracker.announce;
