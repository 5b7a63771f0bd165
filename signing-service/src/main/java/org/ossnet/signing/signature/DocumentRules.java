package org.ossnet.signing.signature;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ossnet.core.credential.RevocationList;
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
 * for another publisher, nor a document that stays trusted for years. A revocation list: as a region authority, and
 * never for the publisher whose list this service makes itself ({@code mirrors.publisher}), since a list signed
 * beside its own, with a higher version and fewer entries, would lift revocations and roll its lists back.
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
        requireWholeNamespace(caller, authority.publisher(), "a region authority");
        window(authority.issued(), authority.expires(), "issued");
    }

    void check(ApiCaller caller, RevocationList list) {
        requireWholeNamespace(caller, list.publisher(), "a revocation list");
        if (list.publisher().equals(properties.mirrors().publisher())) {
            throw ApiProblem.conflict("signing-service makes the revocation list of " + list.publisher() + " itself"
                    + " and signs no other for it; revoke with POST /api/v1/mirrors/{name}/revocation.");
        }
        window(list.issued(), list.expires(), "issued");
    }

    private void requireWholeNamespace(ApiCaller caller, String publisher, String what) {
        List<String> namespaces = properties.namespacesOf(caller.name());
        boolean whole = namespaces.stream()
                .map(OssnetName::parse)
                .anyMatch(name -> name.isRoot() && name.publisher().equals(publisher));
        if (!whole) {
            throw ApiProblem.forbidden("'" + caller.name() + "' may sign " + what + " only for a publisher whose"
                    + " whole namespace (ossnet://" + publisher + "/) it has; it has " + namespaces + ".");
        }
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
