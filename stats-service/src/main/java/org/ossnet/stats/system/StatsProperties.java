package org.ossnet.stats.system;

import java.net.URI;
import java.util.Map;
import org.ossnet.service.auth.ClientToken;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of stats-service, bound from {@code ossnet.stats.*}; docs/CONFIGURATION.md lists them.
 *
 * @param publicUrl the absolute base URL trackers and QA staff reach this service at. Default
 *     {@code http://localhost:8082}.
 * @param maxBatchEvents the most download events one ingestion request may carry; larger batches
 *     are refused with 400 so one client cannot hold a transaction open for long. Default 10000.
 * @param clients the callers allowed to use the API, by name: the SHA-256 of each one's bearer token and its
 *     roles ({@code admin}). Default: none.
 */
@ConfigurationProperties("ossnet.stats")
public record StatsProperties(
        @DefaultValue("http://localhost:8082") URI publicUrl,
        @DefaultValue("10000") int maxBatchEvents,
        Map<String, ClientToken> clients) {

    public StatsProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }
}
