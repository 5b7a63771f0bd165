package org.ossnet.tracker.mirror;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.ossnet.core.filter.CarryRules;

/**
 * A row of {@code mirror_collection}: one collection a mirror carries, with its patterns, the version it last
 * claimed to hold and the version a check last verified (the one it is listed for).
 */
@Entity
@Table(name = "mirror_collection")
class CarriedCollection {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "mirror_id", nullable = false, updatable = false)
    private Mirror mirror;

    @Column(nullable = false, updatable = false)
    private String collection;

    /** The rules in their written form, one per line (core's reader refuses control characters in them). */
    @Column(nullable = false)
    private String rules;

    @Column(name = "claimed_version")
    private Long claimedVersion;

    @Column(name = "verified_version")
    private Long verifiedVersion;

    @Column(name = "checked_at")
    private Instant checkedAt;

    @Column(name = "last_failure")
    private String lastFailure;

    protected CarriedCollection() {}

    CarriedCollection(Mirror mirror, String collection, List<String> rules) {
        this.mirror = mirror;
        this.collection = collection;
        this.rules = String.join("\n", rules);
    }

    /** The mirror says its tree now holds {@code version}; it is listed for it only once a check agrees. */
    void claim(long version) {
        claimedVersion = version;
    }

    void verified(long version, Instant at) {
        verifiedVersion = version;
        checkedAt = at;
        lastFailure = null;
    }

    /**
     * The claimed tree did not check out: what the mirror serves for this collection is unknown now, so it is listed
     * for no version of it until a check passes.
     */
    void refuted(String why, Instant at) {
        verifiedVersion = null;
        checkedAt = at;
        lastFailure = why.length() > 500 ? why.substring(0, 500) : why;
    }

    Mirror mirror() {
        return mirror;
    }

    String collection() {
        return collection;
    }

    CarryRules rules() {
        return CarryRules.parse(rules.isEmpty() ? List.of() : List.of(rules.split("\n")));
    }

    Long claimedVersion() {
        return claimedVersion;
    }

    Long verifiedVersion() {
        return verifiedVersion;
    }

    Instant checkedAt() {
        return checkedAt;
    }

    String lastFailure() {
        return lastFailure;
    }
}
