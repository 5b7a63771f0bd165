/** BitTorrent v1 single-file metainfo (BEP 3, 12, 19, 27), info-hashes and magnet links (BEP 9). */
package org.ossnet.core.torrent;
