/**
 * The agent's side of regions: following a discovery's region referral, verifying the authority it points at, and
 * choosing the regional tracker first and the master as fallback for metadata and announces.
 */
package org.ossnet.agent.region;
