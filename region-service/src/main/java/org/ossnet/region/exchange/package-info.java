/**
 * The regional side of the membership exchange: this region's peers reported to the master, signed with this
 * tracker's key, and the other regions' peers it answers kept for the hand-out.
 */
package org.ossnet.region.exchange;
