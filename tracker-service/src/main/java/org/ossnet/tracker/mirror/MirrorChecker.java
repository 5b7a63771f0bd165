package org.ossnet.tracker.mirror;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.tracker.collection.SnapshotCatalog;
import org.ossnet.tracker.collection.SnapshotLinks;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Checks a mirror's claim before it is listed: its copy of the snapshot document must be the stored one byte for
 * byte, and a few of the files that changed in that version (those it carries, smallest first) must have the
 * snapshot's SHA-256, so a mirror that switched its index but not its data is never listed for the new version.
 * Every fetch is bounded in size (what the file should be) and time ({@code check-timeout}); redirects are not
 * followed, since a mirror's tree is served where it registered it.
 */
@Component
class MirrorChecker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MirrorChecker.class);

    private final MirrorRegistry registry;
    private final SnapshotCatalog catalog;
    private final TrackerProperties.Mirrors settings;
    private final Semaphore running;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    MirrorChecker(MirrorRegistry registry, SnapshotCatalog catalog, TrackerProperties properties) {
        this.registry = registry;
        this.catalog = catalog;
        this.settings = properties.mirrors();
        this.running = new Semaphore(settings.checkConcurrency());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.checkTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Checks the claim in the background and records the outcome. */
    void check(MirrorRegistry.Claim claim) {
        executor.execute(() -> {
            try {
                running.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                String failure = verify(claim);
                if (failure != null) {
                    log.info(
                            "Mirror {} failed the check of {} version {}: {}",
                            claim.mirrorId(),
                            claim.collection().name(),
                            claim.version(),
                            failure);
                }
                registry.record(claim, failure);
            } catch (RuntimeException e) {
                // Our failure, not the mirror's: count nothing against it.
                log.error("Could not check mirror {}", claim.mirrorId(), e);
            } finally {
                running.release();
            }
        });
    }

    private String verify(MirrorRegistry.Claim claim) {
        SnapshotCatalog.Found found =
                catalog.at(claim.collection(), claim.version()).orElseThrow();
        byte[] document = catalog.document(found.stored()).orElseThrow();
        String tree = SnapshotLinks.originFile(
                        claim.baseUrl(), RelativePath.parse(claim.collection().mountPath())) + "/";
        String failure =
                fetch(URI.create(tree + ".ossnet/snapshot.json"), document.length, sha256(document), "snapshot.json");
        if (failure != null) {
            return failure;
        }
        for (SnapshotFile file : changedFilesToFetch(claim, found)) {
            failure = fetch(
                    URI.create(SnapshotLinks.originFile(tree, file.path())),
                    file.size(),
                    HexFormat.of().parseHex(file.sha256()),
                    file.path().path());
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** The files that changed since the previous version and that the mirror carries, smallest first. */
    private List<SnapshotFile> changedFilesToFetch(MirrorRegistry.Claim claim, SnapshotCatalog.Found found) {
        Map<String, String> before = catalog.before(claim.collection(), claim.version())
                .map(previous -> previous.index().snapshot().files().stream()
                        .collect(Collectors.toMap(f -> f.path().path(), SnapshotFile::sha256)))
                .orElse(Map.of());
        return found.index().snapshot().files().stream()
                .filter(f ->
                        f.size() > 0 && f.size() <= settings.checkMaxFileSize().toBytes())
                .filter(f -> !f.sha256().equals(before.get(f.path().path())))
                .filter(f -> claim.rules().carries(f.path()))
                .sorted(Comparator.comparingLong(SnapshotFile::size)
                        .thenComparing(f -> f.path().path()))
                .limit(settings.checkFiles())
                .toList();
    }

    /** Fetches {@code uri} and compares its size and SHA-256; the reason it differs, or {@code null}. */
    private String fetch(URI uri, long size, byte[] sha256, String what) {
        // Checked again at each fetch: the name may resolve elsewhere now than when the mirror registered.
        String refused = MirrorAddresses.refusal(uri.getHost(), settings.allowPrivateAddresses())
                .orElse(null);
        if (refused != null) {
            return what + ": " + refused;
        }
        HashingBody body = new HashingBody(size);
        Duration timeout = settings.checkTimeout();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", "ossnet-tracker mirror check")
                .GET()
                .build();
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                body.fail(what + " answered HTTP " + info.statusCode());
            }
            return HttpResponse.BodySubscribers.fromSubscriber(body);
        });
        response.whenComplete((done, error) -> {
            if (error != null) {
                body.fail(what + ": " + describe(error));
            }
        });
        try {
            HashingBody.Outcome outcome = body.outcome().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (outcome.failure() != null) {
                return outcome.failure().startsWith(what) ? outcome.failure() : what + ": " + outcome.failure();
            }
            if (outcome.size() != size) {
                return what + ": served " + outcome.size() + " bytes, the snapshot says " + size;
            }
            if (!MessageDigest.isEqual(outcome.sha256(), sha256)) {
                return what + ": its SHA-256 differs from the snapshot's";
            }
            return null;
        } catch (TimeoutException e) {
            return what + ": not served within " + timeout.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return what + ": the check was interrupted";
        } catch (java.util.concurrent.ExecutionException e) {
            return what + ": " + describe(e.getCause());
        } finally {
            response.cancel(true);
        }
    }

    static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        return cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + " " + cause.getMessage();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
