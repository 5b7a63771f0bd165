package org.ossnet.signing.system;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of signing-service, bound from {@code ossnet.signing.*}; docs/CONFIGURATION.md lists them.
 *
 * @param publicUrl the absolute base URL other services reach this one at. Default
 *     {@code http://localhost:8081}.
 * @param publisherUserId the OpenPGP user id of a generated publisher key. Default
 *     {@code OSSNET publisher <publisher@localhost>}.
 * @param keyOverlap how long a rotated-out publisher key stays published next to its successor,
 *     so clients that pinned it can follow the rotation. Default 30 days.
 */
@ConfigurationProperties("ossnet.signing")
public record SigningProperties(
        @DefaultValue("http://localhost:8081") URI publicUrl,

        @DefaultValue("OSSNET publisher <publisher@localhost>")
        String publisherUserId,

        @DefaultValue("30d") Duration keyOverlap) {}
