/** Regions of the address space, the cost of moving bytes between them, and the region-aware hand-out built on them. */
package org.ossnet.announce.region;
