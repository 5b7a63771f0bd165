package org.ossnet.region.system;

import java.net.URI;
import java.util.Map;
import org.ossnet.service.auth.ClientToken;
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
 * @param clients the callers allowed to use the API, by name: the SHA-256 of each one's bearer token and its
 *     roles ({@code admin}). Default: none.
 */
@ConfigurationProperties("ossnet.region")
public record RegionProperties(
        @DefaultValue("http://localhost:8083") URI publicUrl,
        @DefaultValue("http://localhost:8080") URI masterUrl,
        @DefaultValue("local") String name,
        Map<String, ClientToken> clients) {

    public RegionProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }
}
