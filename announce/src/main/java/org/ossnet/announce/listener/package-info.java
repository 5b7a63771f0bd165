/** A dedicated non-blocking HTTP/1.1 listener that serves announce and scrape straight over the engine. */
package org.ossnet.announce.listener;
