package org.ossnet.testsupport.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ossnet.testsupport.http.HttpProbe;

/** Waiting for the services of the local network to report themselves ready, all at once. */
final class ServicesReady {

    /**
     * How long the services together may take to become ready: about a minute on a quiet 2-core machine, two beside
     * another build (107–130 s seen), so a slow machine is never mistaken for a broken service.
     */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    /** How often the launcher says which services are still starting. */
    static final Duration STILL_WAITING_EVERY = Duration.ofSeconds(15);

    private ServicesReady() {}

    /**
     * Waits for all the services at once, saying as each becomes ready and, every {@link #STILL_WAITING_EVERY}, which
     * are still starting: a slow one neither hides the others' progress nor looks like a hang.
     */
    static void await(Collection<ServiceProcess> services, StartupProgress progress) {
        Instant began = Instant.now();
        Set<String> starting = new LinkedHashSet<>();
        ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor();
        try {
            CompletionService<ServiceProcess> ready = new ExecutorCompletionService<>(waiters);
            for (ServiceProcess service : services) {
                starting.add(service.name());
                ready.submit(() -> await(service, progress));
            }
            while (!starting.isEmpty()) {
                Future<ServiceProcess> done = ready.poll(STILL_WAITING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                if (done == null) {
                    progress.stillStarting(starting, began);
                } else {
                    starting.remove(done.get().name());
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the services started", e);
        } finally {
            waiters.shutdownNow();
        }
    }

    private static ServiceProcess await(ServiceProcess service, StartupProgress progress) {
        if (!HttpProbe.awaitReady(service.url(), READY_TIMEOUT, service::isAlive)) {
            throw new IllegalStateException(service.name() + " did not become ready at " + service.url() + " (log: "
                    + service.log() + "):\n" + service.logTail(40));
        }
        progress.done(service.name() + " is up", service.started());
        return service;
    }
}
