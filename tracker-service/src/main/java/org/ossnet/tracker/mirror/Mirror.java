package org.ossnet.tracker.mirror;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** A row of {@code mirror}: a registered mirror, whether it is official, and how its checks have gone. */
@Entity
@Table(name = "mirror")
class Mirror {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "base_url", nullable = false, updatable = false)
    private String baseUrl;

    @Column(nullable = false, updatable = false)
    private boolean official;

    @Column(name = "registered_by", updatable = false)
    private String registeredBy;

    @Column(name = "upload_cap")
    private Long uploadCap;

    @Column(name = "report_token_sha256", nullable = false, updatable = false)
    private byte[] reportTokenSha256;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(nullable = false)
    private boolean delisted;

    // A mirror carries a handful of collections and every use of it needs them: load them with it.
    @OneToMany(mappedBy = "mirror", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("collection")
    private List<CarriedCollection> collections = new ArrayList<>();

    protected Mirror() {}

    Mirror(String name, String baseUrl, boolean official, String registeredBy, Long uploadCap, byte[] tokenSha256) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.official = official;
        this.registeredBy = registeredBy;
        this.uploadCap = uploadCap;
        this.reportTokenSha256 = tokenSha256.clone();
    }

    void carry(String collection, List<String> rules) {
        collections.add(new CarriedCollection(this, collection, rules));
    }

    /** A check passed: the mirror is listed again, whatever failed before. */
    void passed() {
        consecutiveFailures = 0;
        delisted = false;
    }

    /** A check failed; after {@code maxFailures} in a row the mirror is delisted until one passes. */
    void failed(int maxFailures) {
        consecutiveFailures++;
        if (consecutiveFailures >= maxFailures) {
            delisted = true;
        }
    }

    long id() {
        return id;
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return baseUrl;
    }

    boolean official() {
        return official;
    }

    Long uploadCap() {
        return uploadCap;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    boolean delisted() {
        return delisted;
    }

    List<CarriedCollection> collections() {
        return collections;
    }
}
