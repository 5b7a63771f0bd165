/**
 * The region authority this regional tracker holds: installed at start, refreshed from the master, verified with the
 * publisher's pinned keys by core's one verifier, and failing closed when it expires.
 */
package org.ossnet.region.authority;
