/** The master tracker: publishers' collections, signed snapshots, discovery and announce. */
package org.ossnet.tracker;
