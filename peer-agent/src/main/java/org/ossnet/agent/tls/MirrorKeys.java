package org.ossnet.agent.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents this mirror's current credential in both roles, and is where the accepting side refuses a client that sent
 * no SNI: JSSE asks for the server's key before it sends the server's certificate, so a prober learns nothing.
 *
 * <p>A renewal replaces the credential under a new alias, so a handshake never pairs one certificate with another's
 * key; one that straddles the renewal fails and is dialled again.
 */
final class MirrorKeys extends X509ExtendedKeyManager {

    /** The key type of mirror credentials in JSSE's terms: EC P-256. */
    private static final String KEY_TYPE = "EC";

    private record Identity(String alias, PrivateKey key, X509Certificate[] chain) {

        /** Never the key: a record's own toString would print it into whatever logs this. */
        @Override
        public String toString() {
            return "credential " + alias;
        }
    }

    private final AtomicReference<Identity> current = new AtomicReference<>();
    private final Function<SSLEngine, Attempt> attempts;
    private int generation;

    MirrorKeys(PrivateKey key, List<X509Certificate> chain, Function<SSLEngine, Attempt> attempts) {
        this.attempts = attempts;
        present(key, chain);
    }

    synchronized void present(PrivateKey key, List<X509Certificate> chain) {
        Objects.requireNonNull(key, "key");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: needs the mirror's certificate first");
        }
        if (!chain.getFirst().getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException(
                    "the private key is " + key.getAlgorithm() + " but the certificate's key is "
                            + chain.getFirst().getPublicKey().getAlgorithm());
        }
        current.set(new Identity("mirror-" + ++generation, key, chain.toArray(X509Certificate[]::new)));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return Arrays.asList(keyTypes).contains(KEY_TYPE) ? current.get().alias() : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Attempt attempt = attempts.apply(engine);
        if (attempt == null) {
            return null;
        }
        if (attempt.swarm() == null) {
            attempt.refuse(new TlsRefusedException(
                    TlsRefusedException.Reason.UNKNOWN_SWARM,
                    "the client sent no SNI naming a swarm; private swarms are chosen by SNI = the info-hash in hex"));
            return null;
        }
        return KEY_TYPE.equals(keyType) ? current.get().alias() : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Identity identity = current.get();
        return identity.alias().equals(alias) ? identity.chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Identity identity = current.get();
        return identity.alias().equals(alias) ? identity.key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return KEY_TYPE.equals(keyType) ? new String[] {current.get().alias()} : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    // Mirror TLS runs over SSLEngine only; the socket variants answer nothing.

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
