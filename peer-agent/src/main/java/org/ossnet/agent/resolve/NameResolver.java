package org.ossnet.agent.resolve;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.ossnet.agent.region.PublisherTrackers;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.SnapshotRejectedException;
import org.ossnet.agent.trust.SnapshotVerifier;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotLimits;

/**
 * Turns a name into a {@link Resolved}: discovery, {@code /ns}, then the linked snapshot and signature, verified
 * against the publisher's pinned keys. With a key pinned, the regional tracker is asked first when the publisher's
 * referral was accepted ({@link PublisherTrackers#first}); the snapshot is verified the same way from either.
 *
 * <p>When no key is pinned and trust on first use is allowed, the keys the discovery document lists are used and,
 * once the snapshot verifies with them, pinned, with a loud warning showing their fingerprints. That is what SSH
 * does with an unknown host key; the warning tells the user how to check and how to refuse.
 */
public final class NameResolver {

    private final PublisherTrackers trackers;
    private final TrustStore trust;
    private final SnapshotVerifier verifier;
    private final boolean trustOnFirstUse;
    private final PrintWriter warnings;

    /** A resolver that asks each publisher's master tracker only. */
    public NameResolver(
            TrackerClient client,
            TrustStore trust,
            SnapshotVerifier verifier,
            boolean trustOnFirstUse,
            PrintWriter warnings) {
        this(PublisherTrackers.masterOnly(client), trust, verifier, trustOnFirstUse, warnings);
    }

    /**
     * A resolver that asks the publisher's regional tracker first when {@code trackers} has accepted one, and its
     * master when that fails in any way, a snapshot refused included: the regional tracker is a cache, trusted for
     * nothing.
     */
    public NameResolver(
            PublisherTrackers trackers,
            TrustStore trust,
            SnapshotVerifier verifier,
            boolean trustOnFirstUse,
            PrintWriter warnings) {
        this.trackers = trackers;
        this.trust = trust;
        this.verifier = verifier;
        this.trustOnFirstUse = trustOnFirstUse;
        this.warnings = warnings;
    }

    /**
     * Resolves and verifies {@code name}.
     *
     * @throws TrackerException if the tracker refuses, e.g. 404 for an unknown name
     * @throws SnapshotRejectedException if the snapshot must not be trusted
     * @throws IOException if the tracker cannot be reached or answers nonsense
     */
    public Resolved resolve(OssnetName name) throws IOException, TrackerException, SnapshotRejectedException {
        return new Resolved(name, signed(name).snapshot());
    }

    /**
     * Resolves and verifies the snapshot of the collection holding {@code name}, keeping the exact bytes served, as a
     * mirror needs them to serve the snapshot on.
     *
     * @throws TrackerException if the tracker refuses, e.g. 404 for an unknown name
     * @throws SnapshotRejectedException if the snapshot must not be trusted
     * @throws IOException if the tracker cannot be reached or answers nonsense
     */
    public SignedSnapshot signed(OssnetName name) throws IOException, TrackerException, SnapshotRejectedException {
        String publisher = name.publisher();
        List<OpenPgpPublicKey> pinned = trust.keys(publisher);
        if (!pinned.isEmpty()) {
            return trackers.first(publisher, tracker -> {
                Served served = fetch(tracker, name);
                return new SignedSnapshot(
                        verifier.verify(served.collection(), served.document(), served.signature(), pinned),
                        served.document(),
                        served.signature());
            });
        }
        // No key to verify a region's authority with yet: the master alone, as trust on first use asks it.
        Discovery discovery = trackers.master(publisher);
        Served served = fetch(discovery, name);
        if (!trustOnFirstUse) {
            throw new SnapshotRejectedException(
                    SnapshotRejectedException.Reason.UNKNOWN_KEY,
                    "no key is pinned for publisher " + publisher + " and trust on first use is off;"
                            + " pin one with 'ossnet trust add " + publisher + " --key FILE' or '--fingerprint FPR'");
        }
        List<OpenPgpPublicKey> offered = offeredKeys(discovery, publisher);
        Snapshot snapshot = verifier.verify(served.collection(), served.document(), served.signature(), offered);
        trust.pin(publisher, offered);
        warnFirstUse(publisher, offered);
        return new SignedSnapshot(snapshot, served.document(), served.signature());
    }

    /** What one tracker serves for a name: the collection holding it, its snapshot and signature, all unverified. */
    private record Served(OssnetName collection, byte[] document, byte[] signature) {}

    /** The name's entry, then its snapshot and the snapshot's signature side by side: a round trip less. */
    private Served fetch(Discovery tracker, OssnetName name) throws IOException, TrackerException {
        TrackerClient client = trackers.client();
        NsEntry entry = client.resolve(tracker, name);
        OssnetName collection = collectionOf(entry, name);
        FutureTask<byte[]> signature =
                new FutureTask<>(() -> client.fetch(entry.signature(), SignatureVerifier.MAX_SIGNATURE_BYTES));
        Thread.ofVirtual().name("signature").start(signature);
        byte[] document;
        try {
            document = client.fetch(entry.snapshot(), SnapshotLimits.DEFAULTS.maxDocumentBytes());
        } catch (IOException | TrackerException | RuntimeException e) {
            // The snapshot failed, so its signature is of no use: its fetch is stopped, not left to its deadline.
            signature.cancel(true);
            throw e;
        }
        return new Served(collection, document, joined(signature));
    }

    private static byte[] joined(FutureTask<byte[]> fetch) throws IOException, TrackerException {
        try {
            return fetch.get();
        } catch (InterruptedException e) {
            fetch.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching the snapshot's signature");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException failure -> throw failure;
                case TrackerException failure -> throw failure;
                case RuntimeException failure -> throw failure;
                case Error failure -> throw failure;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    private static OssnetName collectionOf(NsEntry entry, OssnetName name) throws IOException {
        if (entry.snapshot() == null || entry.signature() == null || entry.collection() == null) {
            throw new IOException("the tracker's entry for " + name + " links no snapshot and signature");
        }
        OssnetName collection;
        try {
            collection = OssnetName.parse(entry.collection());
        } catch (InvalidNameException e) {
            throw new IOException("the tracker names an invalid collection: " + e.getMessage(), e);
        }
        if (!name.startsWith(collection) || collection.isRoot()) {
            throw new IOException("the tracker says " + name + " is in " + collection + ", which does not hold it");
        }
        return collection;
    }

    /** The keys discovery lists, each checked to carry the fingerprint it is listed under. */
    private static List<OpenPgpPublicKey> offeredKeys(Discovery discovery, String publisher)
            throws SnapshotRejectedException {
        List<OpenPgpPublicKey> keys = new ArrayList<>();
        for (PublisherKey listed :
                discovery.publisherKeys() == null ? List.<PublisherKey>of() : discovery.publisherKeys()) {
            try {
                OpenPgpPublicKey key = OpenPgpPublicKey.parse(listed.armored());
                if (Fingerprints.matches(key, listed.fingerprint())) {
                    keys.add(key);
                }
            } catch (PgpKeyException | RuntimeException e) {
                // An unreadable or mislabelled key is simply not offered; the others may still verify.
            }
        }
        if (keys.isEmpty()) {
            throw new SnapshotRejectedException(
                    SnapshotRejectedException.Reason.UNKNOWN_KEY,
                    "no key is pinned for publisher " + publisher + " and its discovery document lists no usable key");
        }
        return keys;
    }

    private void warnFirstUse(String publisher, List<OpenPgpPublicKey> keys) {
        warnings.println("WARNING: ******************** TRUST ON FIRST USE ********************");
        warnings.println("WARNING: No key was pinned for publisher " + publisher + ". Pinned the key(s) its");
        warnings.println("WARNING: server published, which nobody but that server vouches for:");
        for (OpenPgpPublicKey key : keys) {
            warnings.println("WARNING:   " + Fingerprints.grouped(key.fingerprint()) + "  " + key.userIds());
        }
        warnings.println("WARNING: Compare these fingerprints with ones the publisher gives out elsewhere.");
        warnings.println("WARNING: Pin keys yourself with 'ossnet trust add', or refuse with --no-tofu.");
        warnings.flush();
    }
}
