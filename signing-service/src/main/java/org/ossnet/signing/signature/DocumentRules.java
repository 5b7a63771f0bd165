package org.ossnet.signing.signature;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.system.SigningProperties;

/**
 * What a document must be before the publisher's key vouches for it, beyond being canonical. A snapshot: a collection
 * in the caller's namespaces. A region authority, which governs every swarm of its publisher: a publisher whose whole
 * namespace ({@code ossnet://publisher/}) is the caller's. Both: a validity window that starts now (by this service's
 * clock) and lasts no longer than {@code ossnet.signing.max-snapshot-validity}. A leaked tracker token then cannot sign
 * for another publisher, nor a document that stays trusted for years.
 */
final class DocumentRules {

    private final SigningProperties properties;
    private final Clock clock;

    DocumentRules(SigningProperties properties, Clock clock) {
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
        window(snapshot.created(), snapshot.expires(), "created");
    }

    void check(ApiCaller caller, RegionAuthority authority) {
        List<String> namespaces = properties.namespacesOf(caller.name());
        boolean whole = namespaces.stream()
                .map(OssnetName::parse)
                .anyMatch(name -> name.isRoot() && name.publisher().equals(authority.publisher()));
        if (!whole) {
            throw ApiProblem.forbidden("'" + caller.name() + "' may sign a region authority only for a publisher whose"
                    + " whole namespace (ossnet://" + authority.publisher() + "/) it has; it has " + namespaces + ".");
        }
        window(authority.issued(), authority.expires(), "issued");
    }

    private void window(Instant made, Instant expires, String madeField) {
        Instant now = clock.instant();
        Duration skew = properties.maxClockSkew();
        if (made.isAfter(now.plus(skew)) || made.isBefore(now.minus(skew))) {
            throw ApiProblem.invalid(
                    madeField,
                    madeField + " " + made + " is more than " + skew + " from this service's clock (" + now
                            + "); a document is signed when it is made.");
        }
        Duration validity = Duration.between(made, expires);
        if (validity.compareTo(properties.maxSnapshotValidity()) > 0) {
            throw ApiProblem.invalid(
                    "expires",
                    "expires " + expires + " is " + validity + " after " + madeField + ", more than"
                            + " ossnet.signing.max-snapshot-validity, " + properties.maxSnapshotValidity() + ".");
        }
    }
}
