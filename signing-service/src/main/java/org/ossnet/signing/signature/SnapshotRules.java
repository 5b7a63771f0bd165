package org.ossnet.signing.signature;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.system.SigningProperties;

/**
 * What a snapshot must be before the publisher's key vouches for it, beyond being canonical: a collection in the
 * caller's namespaces, and a validity window that starts now (by this service's clock) and lasts no longer than
 * {@code ossnet.signing.max-snapshot-validity}. A leaked tracker token then cannot sign another publisher's
 * collection, nor a snapshot that stays trusted for years.
 */
final class SnapshotRules {

    private final SigningProperties properties;
    private final Clock clock;

    SnapshotRules(SigningProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    void check(ApiCaller caller, Snapshot snapshot) {
        OssnetName collection = snapshot.collection();
        List<String> namespaces = properties.namespacesOf(caller.name());
        if (namespaces.stream().map(OssnetName::parse).noneMatch(collection::startsWith)) {
            throw ApiProblem.forbidden("'" + caller.name() + "' may sign snapshots of " + namespaces + " only, not of "
                    + collection.format() + ".");
        }
        Instant now = clock.instant();
        Duration skew = properties.maxClockSkew();
        if (snapshot.created().isAfter(now.plus(skew)) || snapshot.created().isBefore(now.minus(skew))) {
            throw ApiProblem.invalid(
                    "created",
                    "created " + snapshot.created() + " is more than " + skew + " from this service's clock (" + now
                            + "); a snapshot is signed when it is made.");
        }
        Duration validity = Duration.between(snapshot.created(), snapshot.expires());
        if (validity.compareTo(properties.maxSnapshotValidity()) > 0) {
            throw ApiProblem.invalid(
                    "expires",
                    "expires " + snapshot.expires() + " is " + validity + " after created, more than"
                            + " ossnet.signing.max-snapshot-validity, " + properties.maxSnapshotValidity() + ".");
        }
    }
}
