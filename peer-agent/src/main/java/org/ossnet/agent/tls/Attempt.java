package org.ossnet.agent.tls;

import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;

/**
 * What one handshake is about, shared between the code that drives it and the JSSE callbacks (SNI matcher, key and
 * trust managers) that run inside it: the swarm and its name once known, and the first refusal, which names the cause
 * better than the {@code SSLHandshakeException} JSSE wraps it in.
 */
final class Attempt {

    private volatile InfoHash swarm;
    private volatile OssnetName name;
    private volatile TlsRefusedException refusal;

    /** A dialled connection: the swarm is known before the handshake. */
    static Attempt dialled(InfoHash swarm, OssnetName name) {
        Attempt attempt = new Attempt();
        attempt.chose(swarm, name);
        return attempt;
    }

    /** An accepted connection: the swarm is chosen by the client's SNI. */
    static Attempt accepted() {
        return new Attempt();
    }

    void chose(InfoHash swarm, OssnetName name) {
        this.swarm = swarm;
        this.name = name;
    }

    InfoHash swarm() {
        return swarm;
    }

    /** The name the peer's credential must cover; null until the swarm is chosen. */
    OssnetName name() {
        return name;
    }

    void refuse(TlsRefusedException refusal) {
        if (this.refusal == null) {
            this.refusal = refusal;
        }
    }

    TlsRefusedException refusal() {
        return refusal;
    }
}
