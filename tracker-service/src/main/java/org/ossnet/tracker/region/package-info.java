/**
 * Cost regions, defined by the publisher's admins through {@code /api/v1/regions}: a region is a name and its network
 * prefixes (no two regions' prefixes overlap), and the cost table gives the relative price of moving a byte from one
 * region to another ({@code /api/v1/region-costs}).
 */
package org.ossnet.tracker.region;
