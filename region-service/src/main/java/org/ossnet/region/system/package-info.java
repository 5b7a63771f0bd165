/** Cross-cutting set-up of the region service: configuration properties. */
package org.ossnet.region.system;
