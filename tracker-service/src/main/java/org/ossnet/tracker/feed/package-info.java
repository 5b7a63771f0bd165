/** The public snapshot feed: published snapshots in commit order, long-polled by mirrors. */
package org.ossnet.tracker.feed;
