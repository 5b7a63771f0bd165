package org.ossnet.signing.revocation;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ossnet.signing.system.SigningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps a current revocation list: signs one before the service reports ready (so the first request finds one), then
 * checks every tenth of the list's validity (1 to 30 seconds) and signs a fresh one once half of it has passed. A
 * failed round is logged and retried at the next; verifiers fail closed if the service stays unable to sign.
 */
@Component
class RevocationListRefresh implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RevocationListRefresh.class);

    private final RevocationLists lists;
    private final Duration every;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("revocation-list-refresh").daemon().factory());

    RevocationListRefresh(RevocationLists lists, SigningProperties properties) {
        this.lists = lists;
        this.every = every(properties.mirrors().revocationListValidity());
    }

    static Duration every(Duration validity) {
        Duration tenth = validity.dividedBy(10);
        if (tenth.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return tenth.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : tenth;
    }

    /** Runs before readiness is reported: a service that cannot sign its first list does not start. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        lists.refreshIfDue()
                .ifPresent(first -> log.info(
                        "Signed revocation list version {}", first.list().version()));
        thread.scheduleWithFixedDelay(this::round, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            lists.refreshIfDue();
        } catch (RuntimeException e) {
            log.error("Could not refresh the revocation list; retrying in {}", every, e);
        }
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
