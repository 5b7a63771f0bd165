package org.ossnet.tracker.auth;

import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Registers the configured bootstrap tokens (publisher, admin, report) at start-up, once; a changed one replaces
 * the one configured before. Further tokens are issued through {@code /api/v1/tokens}.
 */
@Component
class BootstrapToken implements ApplicationRunner {

    /** Shorter tokens could be guessed; 32 random hex digits carry 128 bits. */
    static final int MIN_LENGTH = 32;

    /** The names bootstrap tokens are stored under start with this; issued tokens may not take it. */
    static final String NAME_PREFIX = "bootstrap ";

    private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);

    private final StoredTokens tokens;
    private final TrackerProperties properties;

    BootstrapToken(StoredTokens tokens, TrackerProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        register("publisher", Roles.PUBLISHER, properties.bootstrapPublisherToken());
        register("admin", Roles.ADMIN, properties.bootstrapAdminToken());
        register("report", Roles.REPORT, properties.bootstrapReportToken());
    }

    private void register(String kind, String role, String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalStateException(
                    "ossnet.tracker.bootstrap-" + kind + "-token must be at least " + MIN_LENGTH + " characters long");
        }
        // The token itself is a secret: log only what became of it.
        switch (tokens.registerBootstrap(NAME_PREFIX + kind, role, token)) {
            case REGISTERED -> log.info("Registered the bootstrap {} token", kind);
            case REPLACED ->
                log.info("Registered the bootstrap {} token and revoked the one configured before it", kind);
            case REVOKED ->
                log.warn(
                        "The configured bootstrap {} token was revoked and stays revoked: configure a new one,"
                                + " or remove ossnet.tracker.bootstrap-{}-token",
                        kind,
                        kind);
            case KNOWN -> {
                // Every restart after the first: nothing to say.
            }
        }
    }
}
