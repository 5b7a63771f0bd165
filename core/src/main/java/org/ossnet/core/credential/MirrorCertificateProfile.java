package org.ossnet.core.credential;

import static org.ossnet.core.credential.CredentialException.Reason.MALFORMED;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ossnet.core.json.Text;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;

/**
 * The one X.509 profile of mirror credentials, used by signing-service to issue them and by every verifier to read
 * them. A mirror certificate is X.509 v3 with:
 *
 * <ul>
 *   <li>an EC P-256 key, signed by the CA with ECDSA and SHA-256;
 *   <li>subject {@code CN=<mirror name>}; issuer the CA's subject;
 *   <li>subjectAltName: one URI per prefix the mirror may carry, {@code ossnet://<publisher>/<prefix>/}, so
 *       {@code openssl x509 -noout -ext subjectAltName} shows what it may carry;
 *   <li>keyUsage digitalSignature (critical), extendedKeyUsage serverAuth and clientAuth (mirrors are TLS servers and
 *       clients of each other), basicConstraints CA:false (critical), subject and authority key identifiers;
 *   <li>a random positive 128-bit serial.
 * </ul>
 *
 * <p>The CA certificate is self-signed, subject {@code O=<publisher>, CN=OSSNET mirror CA}, basicConstraints CA:true
 * with path length 0 (critical), keyUsage keyCertSign and cRLSign (critical).
 *
 * <p>Writing and reading the profile share this one class on purpose, longer as it is than most: what the CA issues
 * and what verifiers accept cannot drift apart.
 */
public final class MirrorCertificateProfile {

    /** The curve of every key, the CA's and the mirrors'. */
    public static final String CURVE = "secp256r1";

    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    /** Serials are random of this size: unpredictable, so no one can prepare a certificate for a future serial. */
    public static final int SERIAL_BITS = 128;

    /** The most a serial may have and still fit the 20 octets RFC 5280 allows. */
    public static final int MAX_SERIAL_BITS = 159;

    /** The common name of every CA certificate; its organisation names the publisher. */
    public static final String CA_COMMON_NAME = "OSSNET mirror CA";

    /** The URI form of a subjectAltName in {@link X509Certificate#getSubjectAlternativeNames()}. */
    static final int URI_NAME = 6;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

    private MirrorCertificateProfile() {}

    /** A fresh EC P-256 key pair, for the CA or a mirror (which makes its own and never sends the private half). */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK has EC P-256", e);
        }
    }

    /** A random positive serial of {@link #SERIAL_BITS} bits at most. */
    public static BigInteger newSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    /**
     * The self-signed CA certificate of {@code publisher}'s mirror CA.
     *
     * @param publisher the publisher's authority as in names, {@code host[:port]}
     */
    public static X509Certificate caCertificate(KeyPair ca, String publisher, Instant notBefore, Instant notAfter) {
        requireP256(ca.getPublic());
        X500Name subject = caSubject(publisher);
        try {
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject, newSerial(), date(notBefore), date(notAfter), subject, ca.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(ca.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(ca.getPublic()));
            return sign(builder, ca.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not build the mirror CA certificate", e);
        }
    }

    /**
     * Issues the certificate that says {@code credential} of {@code mirrorKey}.
     *
     * @param ca the CA certificate, whose subject becomes the issuer
     * @param caKey the CA's private key
     * @param mirrorKey the mirror's public key, EC P-256
     * @throws IllegalArgumentException if {@code mirrorKey} is not EC P-256
     */
    public static X509Certificate mirrorCertificate(
            X509Certificate ca, PrivateKey caKey, PublicKey mirrorKey, MirrorCredential credential) {
        requireP256(mirrorKey);
        X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, credential.mirror())
                .build();
        GeneralName[] uris = credential.prefixes().stream()
                .map(prefix -> new GeneralName(GeneralName.uniformResourceIdentifier, prefix.format()))
                .toArray(GeneralName[]::new);
        try {
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            issuer,
                            credential.serial(),
                            date(credential.notBefore()),
                            date(credential.notAfter()),
                            subject,
                            mirrorKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(uris))
                    .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(mirrorKey))
                    // The key id alone, as the CA's own subject key id; issuer and serial would tie it to one CA
                    // certificate.
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            ids.createAuthorityKeyIdentifier(ca.getPublicKey()));
            return sign(builder, caKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not build the certificate of mirror " + credential.mirror(), e);
        }
    }

    /**
     * What a certificate of this profile says: its subject CN, subjectAltName URIs, serial and validity. It decides
     * nothing about trust, time or key usage; that is {@link CredentialVerifier}'s work.
     *
     * @throws CredentialException {@link CredentialException.Reason#MALFORMED} when it does not follow the profile
     */
    public static MirrorCredential read(X509Certificate certificate) throws CredentialException {
        checkKey(certificate.getPublicKey());
        String mirror = commonName(certificate);
        List<OssnetName> prefixes = new ArrayList<>();
        for (String uri : uris(certificate)) {
            try {
                OssnetName prefix = OssnetName.parse(uri);
                if (!prefix.directory() || !prefix.format().equals(uri)) {
                    throw malformed("subjectAltName URI '" + Text.quote(uri)
                            + "' is not an ossnet:// prefix in normal form ending with '/'");
                }
                prefixes.add(prefix);
            } catch (InvalidNameException e) {
                throw malformed("subjectAltName URI '" + Text.quote(uri) + "' is not an ossnet:// name: " + e.reason());
            }
        }
        try {
            return new MirrorCredential(
                    new MirrorGrant(mirror, prefixes),
                    certificate.getSerialNumber(),
                    certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant());
        } catch (IllegalArgumentException e) {
            throw malformed(
                    "the certificate of " + Text.quote(mirror) + " is not a mirror credential: " + e.getMessage());
        }
    }

    /**
     * Refuses every key but EC P-256: the profile has one key type, so no verifier meets an algorithm it did not
     * plan for.
     *
     * @throws CredentialException {@link CredentialException.Reason#MALFORMED}
     */
    public static void checkKey(PublicKey key) throws CredentialException {
        if (!isP256(key)) {
            throw malformed("the key is " + (key == null ? "missing" : key.getAlgorithm())
                    + ", not an EC P-256 key as mirror credentials have");
        }
    }

    /** The SHA-256 of the key's SubjectPublicKeyInfo, 64 lower-case hex digits: how records name a key. */
    public static String keyFingerprint(PublicKey key) {
        return sha256Hex(key.getEncoded());
    }

    /** The SHA-256 of the certificate's DER encoding, 64 lower-case hex digits, as {@code openssl x509 -fingerprint -sha256} shows it (without colons). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return sha256Hex(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate always encodes", e);
        }
    }

    static X500Name caSubject(String publisher) {
        try {
            OssnetName.requirePublisher(publisher);
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("publisher: " + e.getMessage(), e);
        }
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, publisher)
                .addRDN(BCStyle.CN, CA_COMMON_NAME)
                .build();
    }

    private static String commonName(X509Certificate certificate) throws CredentialException {
        RDN[] rdns = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
                .getRDNs();
        if (rdns.length != 1
                || rdns[0].isMultiValued()
                || !BCStyle.CN.equals(rdns[0].getFirst().getType())) {
            throw malformed("the subject must be exactly CN=<mirror name>, not "
                    + Text.quote(certificate.getSubjectX500Principal().getName()));
        }
        ASN1Encodable value = rdns[0].getFirst().getValue();
        if (!(value instanceof ASN1String text)) {
            throw malformed("the subject's CN is not a string");
        }
        return text.getString();
    }

    private static List<String> uris(X509Certificate certificate) throws CredentialException {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CredentialException(MALFORMED, "the subjectAltName extension is unreadable", e);
        }
        if (names == null || names.isEmpty()) {
            throw malformed("the certificate has no subjectAltName URIs naming the prefixes it may carry");
        }
        List<String> uris = new ArrayList<>();
        for (List<?> name : names) {
            if (!Integer.valueOf(URI_NAME).equals(name.get(0)) || !(name.get(1) instanceof String uri)) {
                throw malformed(
                        "its subjectAltName holds a name other than an ossnet:// URI (type " + name.get(0) + ")");
            }
            uris.add(uri);
        }
        return uris;
    }

    private static boolean isP256(PublicKey key) {
        if (key == null) {
            return false;
        }
        try {
            AlgorithmIdentifier algorithm =
                    SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
            return X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                    && algorithm.getParameters() instanceof ASN1ObjectIdentifier curve
                    && SECObjectIdentifiers.secp256r1.equals(curve);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void requireP256(PublicKey key) {
        if (!isP256(key)) {
            throw new IllegalArgumentException(
                    "the key must be EC P-256, not " + (key == null ? "missing" : key.getAlgorithm()));
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return CONVERTER.getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE_ALGORITHM, e);
        }
    }

    private static Date date(Instant t) {
        return Date.from(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static CredentialException malformed(String message) {
        return new CredentialException(MALFORMED, message);
    }
}
