package org.ossnet.tracker.system;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of tracker-service, bound from {@code ossnet.tracker.*}; docs/CONFIGURATION.md lists them.
 *
 * @param publicUrl the absolute base URL clients reach this tracker at; links in responses are
 *     built from it. Default {@code http://localhost:8080}.
 * @param bootstrapPublisherToken a publisher API token to register at start-up if it is not known
 *     yet, so a fresh installation can be used at once; only its SHA-256 is stored. Secret: pass
 *     it through the environment ({@code OSSNET_TRACKER_BOOTSTRAP_PUBLISHER_TOKEN}), never on the
 *     command line. Default: none.
 */
@ConfigurationProperties("ossnet.tracker")
public record TrackerProperties(
        @DefaultValue("http://localhost:8080") URI publicUrl, String bootstrapPublisherToken) {

    @Override
    public String toString() {
        return "TrackerProperties[publicUrl=" + publicUrl + ", bootstrapPublisherToken="
                + (bootstrapPublisherToken == null ? "none" : "(set)") + "]";
    }
}
