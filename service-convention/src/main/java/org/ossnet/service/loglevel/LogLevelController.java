package org.ossnet.service.loglevel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.RequiresRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/v1/log-levels/{logger}}: read or set one logger's level on a running service, for an
 * {@code admin}. The actuator's loggers endpoint does the same but sits on the unauthenticated management surface,
 * which operators expose to their scraper, not to people; this one carries the service's own authentication.
 */
@RestController
@RequiresRole(LogLevelController.ADMIN)
class LogLevelController {

    static final String ADMIN = "admin";
    private static final String LOGGER_NAME = "ROOT|[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*){0,30}";
    private static final Logger log = LoggerFactory.getLogger(LogLevelController.class);

    private final LoggingSystem logging;

    LogLevelController(LoggingSystem logging) {
        this.logging = logging;
    }

    /**
     * A level to set.
     *
     * @param level {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR} or {@code OFF}
     */
    record LevelChange(
            @NotNull(message = "is required")
            @Pattern(
                    regexp = "TRACE|DEBUG|INFO|WARN|ERROR|OFF",
                    message = "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF")
            String level) {}

    /** A logger's level as configured (null when inherited) and as in effect. */
    record LoggerLevel(String logger, String configuredLevel, String effectiveLevel) {}

    @GetMapping("/api/v1/log-levels/{logger}")
    LoggerLevel get(
            @PathVariable @Pattern(regexp = LOGGER_NAME, message = "must be ROOT or a dotted Java name")
                    String logger) {
        return describe(logger);
    }

    @PutMapping("/api/v1/log-levels/{logger}")
    LoggerLevel set(
            @PathVariable @Pattern(regexp = LOGGER_NAME, message = "must be ROOT or a dotted Java name") String logger,
            @RequestBody @Valid LevelChange change,
            ApiCaller caller) {
        logging.setLogLevel(logger, LogLevel.valueOf(change.level()));
        log.info("{} set the level of logger {} to {}", caller.name(), logger, change.level());
        return describe(logger);
    }

    private LoggerLevel describe(String logger) {
        LoggerConfiguration configuration = logging.getLoggerConfiguration(logger);
        return configuration == null
                ? new LoggerLevel(logger, null, null)
                : new LoggerLevel(
                        logger, name(configuration.getConfiguredLevel()), name(configuration.getEffectiveLevel()));
    }

    private static String name(LogLevel level) {
        return level == null ? null : level.name();
    }
}
