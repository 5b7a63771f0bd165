package org.ossnet.core.credential;

import static org.ossnet.core.credential.CredentialException.Reason.MALFORMED;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The PEM forms mirror credentials travel in: certificates ({@code openssl x509} reads them) and PKCS#10 certificate
 * requests ({@code openssl req}). Readers take untrusted text with a size limit and refuse anything but the expected
 * blocks with {@link CredentialException.Reason#MALFORMED}.
 */
public final class CredentialPem {

    /** Far more than a chain of this profile takes (a certificate is under 1 KiB); keeps hostile input cheap. */
    public static final int MAX_PEM_CHARS = 64 * 1024;

    /** The longest chain a peer may present: its certificate and, optionally, the CA's and a spare. */
    public static final int MAX_CHAIN = 4;

    private static final Set<ASN1ObjectIdentifier> REQUEST_SIGNATURES = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512);
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

    private CredentialPem() {}

    /** One {@code CERTIFICATE} block, with a final newline. */
    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate always encodes", e);
        }
    }

    /**
     * Exactly one certificate.
     *
     * @throws CredentialException MALFORMED when the text holds anything else
     */
    public static X509Certificate readCertificate(String pem) throws CredentialException {
        List<X509Certificate> certificates = readCertificates(pem);
        if (certificates.size() != 1) {
            throw malformed("expected exactly one PEM certificate, found " + certificates.size());
        }
        return certificates.getFirst();
    }

    /**
     * A chain of 1 to {@link #MAX_CHAIN} certificates, the mirror's first, as TLS presents them.
     *
     * @throws CredentialException MALFORMED when the text holds anything else
     */
    public static List<X509Certificate> readCertificates(String pem) throws CredentialException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : read(pem, "certificate")) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw malformed("expected PEM certificates, found " + describe(object));
            }
            if (certificates.size() == MAX_CHAIN) {
                throw malformed("more than " + MAX_CHAIN + " certificates");
            }
            try {
                certificates.add(CONVERTER.getCertificate(holder));
            } catch (CertificateException e) {
                throw new CredentialException(MALFORMED, "an unreadable certificate: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw malformed("expected a PEM certificate (-----BEGIN CERTIFICATE-----), found none");
        }
        return certificates;
    }

    /**
     * A PKCS#10 request for {@code keys}' public key, signed with its private key (the proof of possession), subject
     * {@code CN=<mirror>}: what {@code ossnet mirror enroll} sends. The CA takes the name from the enrolment, not
     * from here.
     */
    public static String certificationRequest(KeyPair keys, String mirror) {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                            new X500NameBuilder(BCStyle.INSTANCE)
                                    .addRDN(BCStyle.CN, MirrorGrant.name(mirror))
                                    .build(),
                            keys.getPublic())
                    .build(new JcaContentSignerBuilder(MirrorCertificateProfile.SIGNATURE_ALGORITHM)
                            .build(keys.getPrivate()));
            return block("CERTIFICATE REQUEST", request.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not build a certificate request", e);
        }
    }

    /**
     * The public key of a PKCS#10 request, after checking that it is EC P-256 and that the request's ECDSA
     * signature verifies with it: proof that the sender holds the private key. Its subject and attributes are
     * ignored; a certificate names what the publisher granted.
     *
     * @throws CredentialException MALFORMED naming what is wrong
     */
    public static PublicKey readCertificationRequest(String pem) throws CredentialException {
        List<Object> objects = read(pem, "certificate request");
        if (objects.size() != 1 || !(objects.getFirst() instanceof PKCS10CertificationRequest request)) {
            throw malformed("expected exactly one PEM certificate request (-----BEGIN CERTIFICATE REQUEST-----),"
                    + " found "
                    + (objects.isEmpty()
                            ? "none"
                            : objects.stream().map(CredentialPem::describe).toList()));
        }
        PublicKey key;
        try {
            key = new JcaPKCS10CertificationRequest(request).getPublicKey();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CredentialException(MALFORMED, "the certificate request's key is unreadable", e);
        }
        MirrorCertificateProfile.checkKey(key);
        if (!REQUEST_SIGNATURES.contains(request.getSignatureAlgorithm().getAlgorithm())) {
            throw malformed("the certificate request is signed with "
                    + request.getSignatureAlgorithm().getAlgorithm() + ", not ECDSA with SHA-256, SHA-384 or SHA-512");
        }
        try {
            if (request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                return key;
            }
        } catch (OperatorCreationException | PKCSException e) {
            // Falls through: a signature that cannot be checked proves nothing either.
        }
        throw malformed("the certificate request's signature does not verify with its own key, so it proves no"
                + " possession of the private key");
    }

    private static List<Object> read(String pem, String what) throws CredentialException {
        if (pem == null || pem.isEmpty()) {
            throw malformed("the " + what + " is empty");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw malformed("the " + what + " is " + pem.length() + " characters, more than " + MAX_PEM_CHARS);
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(pem)) {
            throw malformed("the " + what + " is not ASCII PEM text");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new CredentialException(MALFORMED, "the " + what + " is not readable PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String describe(Object object) {
        return switch (object) {
            case X509CertificateHolder c -> "a certificate";
            case PKCS10CertificationRequest r -> "a certificate request";
            default -> "a " + object.getClass().getSimpleName();
        };
    }

    private static CredentialException malformed(String message) {
        return new CredentialException(MALFORMED, message);
    }
}
