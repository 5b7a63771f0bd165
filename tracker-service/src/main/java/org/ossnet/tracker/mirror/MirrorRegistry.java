package org.ossnet.tracker.mirror;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.api.MirrorRegistered;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.name.OssnetName;
import org.ossnet.service.auth.TokenDigest;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.collection.CollectionNames;
import org.ossnet.tracker.collection.EmbargoGate;
import org.ossnet.tracker.collection.StoredCollection;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Registers mirrors, records their claims and the outcome of each check, and lists them with their state. */
@Service
class MirrorRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MirrorRepository mirrors;
    private final HeldFiles held;
    private final EmbargoGate gate;
    private final TrackerProperties properties;
    private final Clock clock;

    MirrorRegistry(
            MirrorRepository mirrors, HeldFiles held, EmbargoGate gate, TrackerProperties properties, Clock clock) {
        this.mirrors = mirrors;
        this.held = held;
        this.gate = gate;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A claim to check: the mirror's tree holds {@code version} of {@code collection}.
     *
     * @param mirrorId the mirror
     * @param baseUrl its base URL
     * @param collection the collection, as stored
     * @param version the claimed version
     * @param rules what of the collection the mirror carries
     */
    record Claim(long mirrorId, String baseUrl, StoredCollection collection, long version, CarryRules rules) {}

    @Transactional
    MirrorRegistered register(MirrorRegistration registration, String officialBy) {
        RegistrationRules.Valid valid = RegistrationRules.check(
                registration,
                properties.publisherAuthority(),
                properties.mirrors().allowPrivateAddresses());
        if (mirrors.existsByBaseUrl(valid.baseUrl())) {
            throw ApiProblem.conflict("baseUrl: a mirror with this base URL is registered already.");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Mirror mirror = new Mirror(
                valid.name(),
                valid.baseUrl(),
                officialBy != null,
                officialBy,
                valid.uploadCap(),
                TokenDigest.sha256(token));
        for (MirrorCollection collection : valid.collections()) {
            mirror.carry(collection.collection(), collection.rules());
        }
        try {
            mirrors.saveAndFlush(mirror);
        } catch (DataIntegrityViolationException e) {
            // Two registrations of one URL at once: the unique index decided, and this one came second.
            throw ApiProblem.conflict("baseUrl: a mirror with this base URL is registered already.");
        }
        return new MirrorRegistered(mirror.id(), mirror.official(), token, holdingsLink(mirror.id()));
    }

    URI holdingsLink(long mirrorId) {
        return properties.link("/api/v1/mirrors/" + mirrorId + "/holdings");
    }

    /** Records that a mirror claims to hold a version; the caller has the claim checked once this commits. */
    @Transactional
    Claim claim(long mirrorId, MirrorHolding holding) {
        OssnetName name;
        try {
            name = CollectionNames.parse(holding.collection(), properties.publisherAuthority());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("collection", "collection: " + e.getMessage() + ".");
        }
        if (holding.version() < 1) {
            throw ApiProblem.invalid("version", "version: must be at least 1.");
        }
        Mirror mirror = mirrors.findById(mirrorId).orElseThrow(() -> ApiProblem.notFound("No mirror " + mirrorId));
        CarriedCollection carried = mirror.collections().stream()
                .filter(c -> c.collection().equals(name.format()))
                .findFirst()
                .orElseThrow(() -> ApiProblem.invalid(
                        "collection", "collection: " + name.format() + " is not among those this mirror registered."));
        // Until credentialed mirrors may claim early, an embargoed version is, here too, one that does not exist.
        EmbargoGate.View view = gate.publicView();
        StoredCollection collection = view.mountOf(name)
                .filter(c -> c.name().equals(name.format()))
                .filter(c -> view.stored(c.id(), holding.version()).isPresent())
                .orElseThrow(() ->
                        ApiProblem.notFound("No public snapshot " + holding.version() + " of " + name.format() + "."));
        carried.claim(holding.version());
        listingChanges();
        return new Claim(mirrorId, mirror.baseUrl(), collection, holding.version(), carried.rules());
    }

    /** Records a check's outcome, unless a newer claim has replaced the one checked; {@code failure} null = passed. */
    @Transactional
    void record(Claim claim, String failure) {
        mirrors.findById(claim.mirrorId())
                .ifPresent(mirror -> mirror.collections().stream()
                        .filter(c -> c.collection().equals(claim.collection().name()))
                        .filter(c -> c.claimedVersion() != null && c.claimedVersion() == claim.version())
                        .findFirst()
                        .ifPresent(carried -> {
                            if (failure == null) {
                                carried.verified(claim.version(), clock.instant());
                                mirror.passed();
                            } else {
                                carried.refuted(failure, clock.instant());
                                mirror.failed(properties.mirrors().maxFailures());
                            }
                            listingChanges();
                        }));
    }

    /**
     * The listing the documents name mirrors from changes with this transaction: the documents read it again once it
     * has committed (a registration lists no one until a check passes).
     */
    private void listingChanges() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                held.changed();
            }
        });
    }

    @Transactional(readOnly = true)
    List<MirrorState> list() {
        return mirrors.findAllByOrderById().stream().map(MirrorState::of).toList();
    }
}
