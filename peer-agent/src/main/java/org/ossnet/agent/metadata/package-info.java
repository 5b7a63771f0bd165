/** Fetching a torrent's info dictionary from peers with BEP 9 {@code ut_metadata}, for a download that starts from a magnet. */
package org.ossnet.agent.metadata;
