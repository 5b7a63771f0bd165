package org.ossnet.agent.mirror;

import java.net.URI;
import java.util.Objects;
import org.ossnet.agent.announce.AnnounceTiers;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.fetch.SwarmSource;
import org.ossnet.agent.swarm.PrivateAccess;
import org.ossnet.agent.tls.MirrorTls;
import org.ossnet.core.name.OssnetName;

/**
 * What a credentialed mirror joins an embargoed file's swarm with before its release: the same torrent (so nothing is
 * fetched again when it opens), announced signed to the tracker's private announce, with peers over TLS 1.3 and
 * mutual mirror certificates only, and no web seed (every HTTP copy is withheld until the release).
 */
public final class EmbargoAccess {

    /** The private announce's path under the tracker's base URL. */
    public static final String PRIVATE_ANNOUNCE = "private/announce";

    private final MirrorTls tls;
    private final RequestSigner signer;
    private final URI privateAnnounce;

    /**
     * @param tls this mirror's side of private swarms
     * @param signer signs the private announces with the mirror credential
     * @param tracker the base URL of the tracker the credential came from, which runs the private swarms
     */
    public EmbargoAccess(MirrorTls tls, RequestSigner signer, URI tracker) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.signer = Objects.requireNonNull(signer, "signer");
        String base = tracker.toString().endsWith("/") ? tracker.toString() : tracker + "/";
        this.privateAnnounce = URI.create(base + PRIVATE_ANNOUNCE);
    }

    /** {@code swarm}, the public description of {@code name}'s swarm, as joined while it is private. */
    public SwarmSource.Swarm privately(SwarmSource.Swarm swarm, OssnetName name) {
        return new SwarmSource.Swarm(
                swarm.metainfo(),
                AnnounceTiers.single(privateAnnounce),
                new SwarmSource.Private(new PrivateAccess(tls, name), signer));
    }

    /** This mirror's side of private swarms. */
    public MirrorTls tls() {
        return tls;
    }
}
