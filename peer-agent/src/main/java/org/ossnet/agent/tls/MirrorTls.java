package org.ossnet.agent.tls;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManager;
import org.ossnet.agent.tls.TlsRefusedException.Reason;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;

/**
 * This mirror's side of private swarms: turns a connected {@link SocketChannel} into a {@link TlsPeer} by a TLS 1.3
 * handshake with mutual authentication by mirror credentials, or refuses it with a {@link TlsRefusedException}.
 *
 * <p>Both sides present their mirror certificate and check the other's with {@link CredentialVerifier} against the
 * pinned CA and the revocation list current at that handshake (from the supplier, so a fresh list applies to the next
 * handshake at once), and require it to cover the swarm's name. The dialling side sends the swarm's info-hash in hex
 * as SNI, as libtorrent's SSL torrents do; the accepting side chooses the swarm by it and refuses an unknown one, or
 * none, before it sends its own certificate. Only TLS 1.3 and the JDK's provider (SunJSSE); no session is resumed by
 * this side, and a resumed one offered by a peer is checked again all the same.
 *
 * <p>Refusals are logged at DEBUG, one line without a stack trace: peers are untrusted, and a port scan must not
 * fill the log.
 */
public final class MirrorTls {

    private static final System.Logger LOG = System.getLogger(MirrorTls.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    static final String PROTOCOL = "TLSv1.3";
    static final String PROVIDER = "SunJSSE";

    private final CredentialVerifier verifier;
    private final Supplier<RevocationList> revocations;
    private final PrivateSwarms swarms;
    private final TlsLimits limits;
    private final Map<SSLEngine, Attempt> attempts = new ConcurrentHashMap<>();
    private final MirrorKeys keys;
    private final SSLContext context;

    /**
     * @param key this mirror's private key, EC P-256
     * @param chain this mirror's certificate first, then optionally the CA's
     * @param verifier the pinned mirror CA and the clock validity is judged by
     * @param revocations the newest verified revocation list, or null while none has arrived (every peer is refused)
     * @param swarms the private swarms accepted connections may ask for
     * @param limits the handshake and close timeouts
     */
    public MirrorTls(
            PrivateKey key,
            List<X509Certificate> chain,
            CredentialVerifier verifier,
            Supplier<RevocationList> revocations,
            PrivateSwarms swarms,
            TlsLimits limits) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.swarms = Objects.requireNonNull(swarms, "swarms");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.keys = new MirrorKeys(key, chain, attempts::get);
        try {
            context = SSLContext.getInstance(PROTOCOL, PROVIDER);
            context.init(
                    new KeyManager[] {keys},
                    new TrustManager[] {new CredentialTrust(verifier, revocations, attempts::get)},
                    null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + PROTOCOL + " in " + PROVIDER, e);
        }
    }

    /** Presents a renewed credential from the next handshake on; established connections keep theirs. */
    public void present(PrivateKey key, List<X509Certificate> chain) {
        keys.present(key, chain);
    }

    /**
     * The dialling side: a handshake on {@code channel} (connected, blocking) for {@code swarm}, whose file is
     * {@code name}.
     *
     * @throws TlsRefusedException when no connection is established; the channel is closed then
     * @throws IllegalArgumentException when the channel is not in blocking mode
     */
    public TlsPeer connect(SocketChannel channel, InfoHash swarm, OssnetName name) throws TlsRefusedException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = parameters(engine);
        parameters.setServerNames(List.of(new SNIHostName(swarm.toHex())));
        engine.setSSLParameters(parameters);
        return handshake(channel, engine, Attempt.dialled(swarm, name), EMPTY);
    }

    /**
     * The accepting side: a handshake on {@code channel} (accepted, blocking), for the swarm the client names.
     *
     * @throws TlsRefusedException when no connection is established; the channel is closed then
     * @throws IllegalArgumentException when the channel is not in blocking mode
     */
    public TlsPeer accept(SocketChannel channel) throws TlsRefusedException {
        return accept(channel, EMPTY);
    }

    /**
     * As {@link #accept(SocketChannel)}, for a channel whose first bytes were read already: a listener that serves
     * plain and TLS peers on one port reads before it knows which one it has (Java has no {@code MSG_PEEK}), and
     * {@code received} (in read mode, all of it consumed) hands those bytes to the handshake, which reads them first.
     *
     * @throws TlsRefusedException when no connection is established; the channel is closed then
     * @throws IllegalArgumentException when the channel is not in blocking mode
     */
    public TlsPeer accept(SocketChannel channel, ByteBuffer received) throws TlsRefusedException {
        Attempt attempt = Attempt.accepted();
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = parameters(engine);
        parameters.setNeedClientAuth(true);
        parameters.setSNIMatchers(List.of(swarmMatcher(attempt)));
        engine.setSSLParameters(parameters);
        return handshake(channel, engine, attempt, received);
    }

    /**
     * Checks {@code peer}'s credential again against the revocation list current now (this side's supplier's), for
     * the moment its certificate expires: false when it no longer holds, and the caller then closes the connection.
     */
    public boolean recheck(TlsPeer peer) {
        return peer.recheck(revocations.get());
    }

    private static SSLParameters parameters(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        // Identity is the credential's prefixes, checked by CredentialTrust; there is no host name to match.
        parameters.setEndpointIdentificationAlgorithm(null);
        return parameters;
    }

    private SNIMatcher swarmMatcher(Attempt attempt) {
        return new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName serverName) {
                Optional<InfoHash> swarm = infoHash(serverName);
                Optional<OssnetName> name = swarm.flatMap(swarms::nameOf);
                if (name.isEmpty()) {
                    attempt.refuse(new TlsRefusedException(
                            Reason.UNKNOWN_SWARM, "the client's SNI names no private swarm served here"));
                    return false;
                }
                attempt.chose(swarm.get(), name.get());
                return true;
            }
        };
    }

    private static Optional<InfoHash> infoHash(SNIServerName serverName) {
        try {
            String host = new SNIHostName(serverName.getEncoded()).getAsciiName();
            return host.length() == 2 * InfoHash.LENGTH ? Optional.of(InfoHash.fromHex(host)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private TlsPeer handshake(SocketChannel channel, SSLEngine engine, Attempt attempt, ByteBuffer received)
            throws TlsRefusedException {
        if (!channel.isBlocking()) {
            // A non-blocking channel would turn every wait for the peer into a busy loop.
            throw new IllegalArgumentException("the channel must be in blocking mode");
        }
        SocketAddress remote = remote(channel);
        TlsChannel tls = new TlsChannel(channel, engine, limits.closeTimeout());
        tls.received(received);
        attempts.put(engine, attempt);
        try {
            tls.handshake(limits.handshakeTimeout());
        } catch (IOException | RuntimeException e) {
            tls.abort();
            throw refused(remote, classify(e, attempt, tls));
        } finally {
            attempts.remove(engine);
        }
        try {
            // Again after the handshake: a session the peer resumed saw no trust manager.
            X509Certificate[] chain = peerChain(engine);
            MirrorCredential credential = CredentialTrust.check(verifier, chain, revocations.get(), attempt);
            return new TlsPeer(tls, attempt, chain, credential, verifier);
        } catch (CredentialException e) {
            tls.close();
            throw refused(remote, TlsRefusedException.credential(e));
        }
    }

    private static X509Certificate[] peerChain(SSLEngine engine) throws CredentialException {
        try {
            Certificate[] certificates = engine.getSession().getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[certificates.length];
            for (int i = 0; i < certificates.length; i++) {
                chain[i] = (X509Certificate) certificates[i];
            }
            return chain;
        } catch (SSLException | ClassCastException e) {
            throw new CredentialException(CredentialException.Reason.MALFORMED, "the peer presented no certificate");
        }
    }

    /** The most specific cause: what a callback recorded, then what JSSE's exception says. */
    private TlsRefusedException classify(Exception e, Attempt attempt, TlsChannel tls) {
        if (tls.timedOut()) {
            return new TlsRefusedException(
                    Reason.TIMEOUT,
                    "no TLS handshake within " + limits.handshakeTimeout().toMillis() + " ms");
        }
        if (attempt.refusal() != null) {
            return attempt.refusal();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CredentialException refused) {
                return TlsRefusedException.credential(refused);
            }
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof EOFException) {
            return new TlsRefusedException(Reason.CLOSED, message);
        }
        if (!(e instanceof SSLException)) {
            return new TlsRefusedException(Reason.CLOSED, "the connection failed during the TLS handshake: " + message);
        }
        if (message.contains("Received fatal alert")) {
            return new TlsRefusedException(Reason.REFUSED_BY_PEER, "the peer refused the TLS handshake: " + message);
        }
        if (message.contains("Empty client certificate chain") || message.contains("Empty server certificate chain")) {
            return new TlsRefusedException(Reason.NO_CERTIFICATE, "the peer presented no certificate");
        }
        return new TlsRefusedException(Reason.PROTOCOL, "not a TLS 1.3 handshake: " + message);
    }

    private static TlsRefusedException refused(SocketAddress remote, TlsRefusedException e) {
        LOG.log(Level.DEBUG, "refused TLS peer {0}: {1}: {2}", remote, e.reason(), e.getMessage());
        return e;
    }

    private static SocketAddress remote(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
