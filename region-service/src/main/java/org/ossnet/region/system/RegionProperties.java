package org.ossnet.region.system;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of region-service, bound from {@code ossnet.region.*}; docs/CONFIGURATION.md lists them.
 *
 * @param publicUrl the absolute base URL clients of the region reach this tracker at. Default
 *     {@code http://localhost:8083}.
 * @param masterUrl the master tracker this regional tracker mirrors metadata from. Default
 *     {@code http://localhost:8080}.
 * @param name the region's name as the publisher's region authority spells it. Default
 *     {@code local}.
 */
@ConfigurationProperties("ossnet.region")
public record RegionProperties(
        @DefaultValue("http://localhost:8083") URI publicUrl,
        @DefaultValue("http://localhost:8080") URI masterUrl,
        @DefaultValue("local") String name) {}
