/**
 * What clients of the region read here: discovery naming this tracker, its region authority, and the master's public
 * metadata relayed and kept, to serve while the master is unreachable.
 */
package org.ossnet.region.metadata;
