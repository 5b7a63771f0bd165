package org.ossnet.agent.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;

/**
 * An established peer connection of a private swarm: a {@link ByteChannel} with a blocking {@code SocketChannel}'s
 * semantics (a read returns at least one byte or -1 at the peer's end; a write writes everything), which the swarm code
 * reads and writes where it uses a {@code SocketChannel} for a public swarm, plus what it needs to know of the peer.
 *
 * <p>The peer's credential was valid, unrevoked and covering {@link #name()} when the handshake ended; the owner of the
 * connection calls {@link #recheck} whenever a fresh revocation list arrives, and at {@link #expires()}, and closes
 * the connection when it answers false. The BitTorrent handshake that follows must name {@link #swarm()}, as
 * libtorrent requires of its SSL torrents; a connection whose handshake names another swarm is closed.
 *
 * <p>One reader and one writer may use it at once; {@link #recheck} and {@link #close} may be called from any thread.
 */
public final class TlsPeer implements ByteChannel {

    private final TlsChannel channel;
    private final Attempt attempt;
    private final X509Certificate[] chain;
    private final MirrorCredential credential;
    private final CredentialVerifier verifier;

    TlsPeer(
            TlsChannel channel,
            Attempt attempt,
            X509Certificate[] chain,
            MirrorCredential credential,
            CredentialVerifier verifier) {
        this.channel = channel;
        this.attempt = attempt;
        this.chain = chain;
        this.credential = credential;
        this.verifier = verifier;
    }

    /** The swarm this connection is for: the info-hash the client sent as SNI. */
    public InfoHash swarm() {
        return attempt.swarm();
    }

    /** The name of the file the swarm carries, which the peer's credential covers. */
    public OssnetName name() {
        return attempt.name();
    }

    /** What the peer's certificate says: its mirror name, serial, prefixes and validity. */
    public MirrorCredential credential() {
        return credential;
    }

    /** When the peer's certificate expires; the connection must not outlive it unless a re-check says otherwise. */
    public Instant expires() {
        return credential.notAfter();
    }

    /**
     * Checks the peer's credential again, against {@code current} and the verifier's clock: false when it has been
     * revoked, has expired, or {@code current} is no longer current (fail closed), and the caller then closes.
     */
    public boolean recheck(RevocationList current) {
        try {
            check(current);
            return true;
        } catch (CredentialException e) {
            return false;
        }
    }

    /**
     * As {@link #recheck}, naming why the credential no longer holds.
     *
     * @throws CredentialException with the verifier's reason
     */
    public void check(RevocationList current) throws CredentialException {
        CredentialTrust.check(verifier, chain, current, attempt);
    }

    /** The peer's address. */
    public InetSocketAddress remoteAddress() throws IOException {
        return (InetSocketAddress) channel.socket().getRemoteAddress();
    }

    /** This end's address, as the peer sees it. */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.socket().getLocalAddress();
    }

    /**
     * The TCP socket underneath, for socket options only ({@code TCP_NODELAY}); reading or writing it directly would
     * break the TLS session.
     */
    public SocketChannel socket() {
        return channel.socket();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Sends close_notify and closes the socket; a blocked reader or writer gets an exception, as with a socket. */
    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "TLS peer " + credential.mirror() + " (certificate " + credential.serialHex() + ") in swarm "
                + swarm().toHex();
    }
}
