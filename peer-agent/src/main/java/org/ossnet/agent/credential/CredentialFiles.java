package org.ossnet.agent.credential;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;

/**
 * A mirror's credentials on disk, one directory per publisher under the agent home's config directory ({@code
 * credentials/<publisher>/}): {@code mirror.key}, the private key (PKCS#8 PEM, mode 0600, written once at enrolment
 * and never printed or sent), {@code mirror.pem}, the current certificate, {@code ca.pem}, the mirror CA certificate
 * pinned at enrolment, and {@code tracker}, the URL of the tracker enrolled through. Every file is written atomically.
 */
public final class CredentialFiles {

    static final String KEY = "mirror.key";
    static final String CERTIFICATE = "mirror.pem";
    static final String CA = "ca.pem";
    static final String TRACKER = "tracker";

    private final Path root;

    /**
     * A mirror's stored credential.
     *
     * @param publisher the publisher whose CA issued it
     * @param tracker the tracker it was enrolled through, which relays renewals
     * @param keys the mirror's key pair (the public half from the certificate)
     * @param certificate the current certificate
     * @param ca the pinned mirror CA certificate
     */
    public record Stored(String publisher, URI tracker, KeyPair keys, X509Certificate certificate, X509Certificate ca) {

        /** Never shows the private key. */
        @Override
        public String toString() {
            return "Stored[publisher=" + publisher + ", tracker=" + tracker + ", certificate="
                    + certificate.getSerialNumber().toString(16) + "]";
        }
    }

    public CredentialFiles(AgentHome home) {
        this.root = home.config().resolve("credentials");
    }

    /** The directory of {@code publisher}'s credential. */
    public Path directory(String publisher) {
        return root.resolve(TrustStore.normalizePublisher(publisher));
    }

    /** The private key file of {@code publisher}'s credential. */
    public Path keyFile(String publisher) {
        return directory(publisher).resolve(KEY);
    }

    /** The certificate file of {@code publisher}'s credential. */
    public Path certificateFile(String publisher) {
        return directory(publisher).resolve(CERTIFICATE);
    }

    /** The pinned CA certificate of {@code publisher}, if a credential was ever stored for it. */
    public Optional<X509Certificate> pinnedCa(String publisher) throws IOException, CredentialException {
        Path file = directory(publisher).resolve(CA);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(CredentialPem.readCertificate(Files.readString(file, StandardCharsets.US_ASCII)));
    }

    /** Stores a new credential: the key first, so a certificate on disk always has its key beside it. */
    public void save(String publisher, URI tracker, PrivateKey key, X509Certificate certificate, X509Certificate ca)
            throws IOException {
        Path directory = directory(publisher);
        AtomicFiles.write(directory.resolve(KEY), privateKeyPem(key).getBytes(StandardCharsets.US_ASCII));
        AtomicFiles.write(directory.resolve(CA), CredentialPem.certificate(ca).getBytes(StandardCharsets.US_ASCII));
        AtomicFiles.write(directory.resolve(TRACKER), (tracker + "\n").getBytes(StandardCharsets.UTF_8));
        replaceCertificate(publisher, certificate);
    }

    /** Puts a renewed certificate in place of the current one. */
    public void replaceCertificate(String publisher, X509Certificate certificate) throws IOException {
        AtomicFiles.write(
                certificateFile(publisher),
                CredentialPem.certificate(certificate).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code publisher}'s credential, if one is stored. */
    public Optional<Stored> load(String publisher) throws IOException, CredentialException {
        Path directory = directory(publisher);
        try {
            X509Certificate certificate = CredentialPem.readCertificate(
                    Files.readString(directory.resolve(CERTIFICATE), StandardCharsets.US_ASCII));
            X509Certificate ca =
                    CredentialPem.readCertificate(Files.readString(directory.resolve(CA), StandardCharsets.US_ASCII));
            PrivateKey key = readPrivateKey(Files.readString(directory.resolve(KEY), StandardCharsets.US_ASCII));
            URI tracker = URI.create(Files.readString(directory.resolve(TRACKER), StandardCharsets.UTF_8)
                    .strip());
            return Optional.of(new Stored(
                    TrustStore.normalizePublisher(publisher),
                    tracker,
                    new KeyPair(certificate.getPublicKey(), key),
                    certificate,
                    ca));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The publishers a credential is stored for. */
    public List<String> publishers() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> publishers = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(p -> Files.exists(p.resolve(CERTIFICATE)))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .forEach(publishers::add);
        }
        return publishers;
    }

    static String privateKeyPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    static PrivateKey readPrivateKey(String pem) throws CredentialException {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CredentialException(CredentialException.Reason.MALFORMED, "the stored mirror key is unreadable");
        }
    }
}
