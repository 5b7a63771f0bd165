package org.ossnet.tracker.collection;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ossnet.core.api.PublishRequest;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.InvalidSnapshotException;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.client.PublisherKeyCache;
import org.ossnet.signing.client.SigningClient;
import org.ossnet.signing.client.VersionAlreadySignedException;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes a new snapshot of a collection: validates it, has the canonical bytes signed by
 * signing-service, checks the signature, and stores everything in one transaction. If anything
 * fails, nothing is written and the previous snapshot keeps serving.
 */
@Service
public class PublishService {

    private final CollectionRepository repository;
    private final SigningClient signing;
    private final PublisherKeyCache keys;
    private final TrackerProperties properties;
    private final SnapshotLinks links;
    private final SnapshotCatalog catalog;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    PublishService(
            CollectionRepository repository,
            SigningClient signing,
            PublisherKeyCache keys,
            TrackerProperties properties,
            SnapshotLinks links,
            SnapshotCatalog catalog,
            Clock clock,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.signing = signing;
        this.keys = keys;
        this.properties = properties;
        this.links = links;
        this.catalog = catalog;
        this.clock = clock;
        this.events = events;
    }

    /**
     * How far one publish may move a collection's version ahead: 2^32, room for date-based versions such as
     * {@code 2026120201} from the start, while reaching the largest version a snapshot may carry (2^53 - 1, the
     * largest integer every JSON reader keeps exactly) would take two million publishes, so the re-signer always
     * has a next version.
     */
    static final long MAX_VERSION_STEP = 1L << 32;

    /** Publishes the request as the collection's next snapshot. */
    @Transactional
    public PublishResponse publish(PublishRequest request) {
        OssnetName name = collectionName(request.collection());
        String origin = originUrl(request.originUrl());
        SubmittedFiles files = SubmittedFiles.validate(request.files(), properties.maxFiles());
        repository.lockForPublish();
        StoredCollection collection = findOrCreate(name, origin);
        long current = repository.latestVersion(collection.id());
        long version = request.version() == null ? current + 1 : request.version();
        if (version <= current) {
            throw ApiProblem.conflict("version: " + version + " is not newer than the current version " + current
                    + " of " + collection.name());
        }
        if (version - current > MAX_VERSION_STEP) {
            throw ApiProblem.badRequest("version: " + version + " is more than " + MAX_VERSION_STEP
                    + " ahead of the current version " + current + " of " + collection.name()
                    + "; a jump that far would leave no room to publish or re-sign");
        }
        try {
            return store(collection, version, files.files(), request.embargoUntil(), files.infoByHash());
        } catch (VersionAlreadySignedException e) {
            if (request.version() != null) {
                throw ApiProblem.conflict("version: " + version + " of " + collection.name() + " was already signed"
                                + " (signing-service has signed up to version " + e.signedVersion()
                                + "); publish a newer version")
                        .with("signedVersion", e.signedVersion());
            }
            return store(collection, e.signedVersion() + 1, files.files(), request.embargoUntil(), files.infoByHash());
        }
    }

    /**
     * Re-signs a collection's latest snapshot as a new version with the same files and a new
     * expiry, so clients can tell a live but quiet collection from a frozen mirror.
     */
    @Transactional
    public PublishResponse resign(long collectionId) {
        repository.lockForPublish();
        StoredCollection collection = repository.byId(collectionId).orElseThrow();
        long current = repository.latestVersion(collectionId);
        StoredSnapshot latest = repository.snapshot(collectionId, current).orElseThrow();
        Snapshot previous =
                SnapshotCodec.decode(repository.document(collectionId, current).orElseThrow(), SnapshotCatalog.LIMITS);
        try {
            return store(collection, current + 1, previous.files(), latest.embargoUntil(), Map.of());
        } catch (VersionAlreadySignedException e) {
            // A version signed for a publish that then failed to commit: skip past it.
            return store(collection, e.signedVersion() + 1, previous.files(), latest.embargoUntil(), Map.of());
        }
    }

    private PublishResponse store(
            StoredCollection collection,
            long version,
            List<SnapshotFile> files,
            Instant embargoUntil,
            Map<String, byte[]> infos) {
        Instant now = clock.instant();
        Snapshot snapshot;
        try {
            snapshot = new Snapshot(
                    OssnetName.parse(collection.name()),
                    version,
                    now,
                    now.plus(properties.snapshotValidity()),
                    java.util.Optional.ofNullable(embargoUntil),
                    files);
        } catch (InvalidSnapshotException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        byte[] document = SnapshotCodec.encode(snapshot);
        if (document.length > properties.maxSnapshotSize().toBytes()) {
            throw ApiProblem.tooLarge("the snapshot would be " + document.length + " bytes, more than the limit of "
                    + properties.maxSnapshotSize().toBytes());
        }
        SigningClient.Signature signature = signing.signSnapshot(document);
        keys.requireValid(document, signature.armored());
        repository.insertTorrentInfos(infos);
        repository.insertSnapshot(
                collection.id(),
                version,
                document,
                signature.armored(),
                signature.keyFingerprint(),
                files.size(),
                snapshot.created(),
                snapshot.expires(),
                embargoUntil,
                collection.originUrl());
        // Still inside the transaction and the publish lock: the feed writes its event here, so event ids follow
        // commit order and an event never outlives a rolled-back publish.
        events.publishEvent(new SnapshotStored(collection.id(), version, embargoUntil));
        // Only once committed: a rolled-back version number may later be published with other files.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                catalog.remember(collection.id(), version, snapshot);
            }
        });
        return new PublishResponse(
                collection.name(),
                version,
                links.snapshot(collection.id(), version),
                links.signature(collection.id(), version),
                snapshot.expires(),
                files.size());
    }

    private OssnetName collectionName(String text) {
        try {
            return CollectionNames.parse(text, properties.publisherAuthority());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("collection: " + e.getMessage());
        }
    }

    private StoredCollection findOrCreate(OssnetName name, String origin) {
        String mount = String.join("/", name.segments());
        for (StoredCollection existing : repository.all()) {
            if (existing.mountPath().equals(mount)) {
                if (origin != null && !origin.equals(existing.originUrl())) {
                    repository.updateOrigin(existing.id(), origin);
                    return new StoredCollection(existing.id(), mount, existing.name(), origin);
                }
                return existing;
            }
            if (existing.mountPath().startsWith(mount + "/") || mount.startsWith(existing.mountPath() + "/")) {
                throw ApiProblem.conflict("collection: " + name.format() + " would nest with the collection "
                        + existing.name() + "; mounts never nest");
            }
        }
        long id = repository.insert(mount, name.format(), origin);
        return new StoredCollection(id, mount, name.format(), origin);
    }

    private static String originUrl(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (!CollectionNames.isPlainHttpUrl(uri)) {
                throw ApiProblem.badRequest(
                        "originUrl: must be an absolute http(s) URL without user information, query or fragment");
            }
            return text.endsWith("/") ? text : text + "/";
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest("originUrl: " + e.getMessage());
        }
    }
}
