package org.ossnet.core.credential;

import static org.ossnet.core.credential.CredentialException.Reason.BAD_SIGNATURE;
import static org.ossnet.core.credential.CredentialException.Reason.MALFORMED;
import static org.ossnet.core.credential.CredentialException.Reason.REPLAYED;
import static org.ossnet.core.credential.CredentialException.Reason.STALE;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a mirror proves its credential to the tracker over HTTP: each request carries the mirror's certificate and an
 * ECDSA signature, made with the certificate's key, over the method, the request target, a timestamp, a nonce and the
 * body's SHA-256. It is what mutual TLS proves (possession of the certified key, for this exchange), but it survives
 * what stands between mirror and tracker in a real deployment — a TLS-terminating ingress, a load balancer — where a
 * client certificate would end at the first hop.
 *
 * <p>Two headers: {@value #CERTIFICATE_HEADER}, the certificate's DER in base64; {@value #SIGNATURE_HEADER}, {@code
 * t=<epoch seconds>, n=<nonce>, s=<signature>} with the nonce 16 random bytes and the signature (SHA256withECDSA, DER)
 * in unpadded base64url. The signed text is {@value #CONTEXT}, then method, target, t, n and the body's SHA-256 in
 * hex, each on its own line (UTF-8). The receiver accepts a signature at most {@link Verifier#window()} away from its
 * own clock, and each (certificate serial, nonce) once within that window, so a captured request cannot be replayed.
 * The credential itself is checked by {@link CredentialVerifier} against the current revocation list: an expired list
 * refuses every signed request (fail closed).
 */
public final class SignedRequest {

    /** The header carrying the mirror's certificate, DER in standard base64. */
    public static final String CERTIFICATE_HEADER = "Ossnet-Mirror-Certificate";

    /** The header carrying the timestamp, the nonce and the signature. */
    public static final String SIGNATURE_HEADER = "Ossnet-Mirror-Signature";

    /** The first line of every signed text, so a signature made for anything else never verifies as a request's. */
    public static final String CONTEXT = "ossnet-mirror-request-v1";

    /** How far a signature's timestamp may lie from the receiver's clock, by default. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    /** The longest signature header read; a longer one is refused before it is parsed. */
    public static final int MAX_SIGNATURE_HEADER = 512;

    /** The longest certificate header read (a mirror certificate is well under 2 KiB of DER). */
    public static final int MAX_CERTIFICATE_HEADER = 8 * 1024;

    private static final String ALGORITHM = "SHA256withECDSA";
    private static final int NONCE_BYTES = 16;
    private static final Pattern SIGNATURE =
            Pattern.compile("t=(\\d{1,12}), ?n=([A-Za-z0-9_-]{22}), ?s=([A-Za-z0-9_-]{40,200})");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many remembered nonces pass between sweeps of those past the window. */
    private static final int SWEEP_EVERY = 1024;

    private SignedRequest() {}

    /**
     * The two headers that sign one request, as a mirror sends them.
     *
     * @param key the mirror's private key, the one its certificate certifies
     * @param certificate the mirror's current certificate
     * @param method the HTTP method, as sent
     * @param target the request target as sent: the path and, if any, {@code ?} and the raw query
     * @param body the body as sent, empty for none
     * @param now the mirror's clock
     */
    public static Map<String, String> sign(
            PrivateKey key, X509Certificate certificate, String method, String target, byte[] body, Instant now) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        String n = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        long t = now.getEpochSecond();
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signedText(method, target, t, n, body));
            String s = Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(CERTIFICATE_HEADER, Base64.getEncoder().encodeToString(certificate.getEncoded()));
            headers.put(SIGNATURE_HEADER, "t=" + t + ", n=" + n + ", s=" + s);
            return headers;
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key cannot sign with " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /** Whether a request carries either header, so is meant as a signed one (and must verify or be refused). */
    public static boolean isSigned(String certificateHeader, String signatureHeader) {
        return certificateHeader != null || signatureHeader != null;
    }

    private static byte[] signedText(String method, String target, long t, String n, byte[] body) {
        String text = CONTEXT + "\n" + method + "\n" + target + "\n" + t + "\n" + n + "\n"
                + HexFormat.of().formatHex(sha256(body)) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The receiving side: verifies signed requests and remembers their nonces for the window. Thread-safe; one per
     * receiver, so a nonce seen by it is refused the second time.
     */
    public static final class Verifier {

        private final Clock clock;
        private final Duration window;
        private final int maxRemembered;
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final AtomicLong remembered = new AtomicLong();

        /**
         * @param clock the receiver's clock
         * @param window how far a timestamp may lie from {@code clock}, either way
         * @param maxRemembered the most nonces held at once; when full (after dropping those past the window) a
         *     request is refused as {@link CredentialException.Reason#REPLAYED} rather than remembered beyond the bound
         */
        public Verifier(Clock clock, Duration window, int maxRemembered) {
            this.clock = Objects.requireNonNull(clock, "clock");
            this.window = Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.isZero() || maxRemembered < 1) {
                throw new IllegalArgumentException("the window and the nonce bound must be positive");
            }
            this.maxRemembered = maxRemembered;
        }

        public Duration window() {
            return window;
        }

        /**
         * The credential a signed request proves, if its signature verifies, its timestamp lies in the window, its
         * nonce is new, and {@code credentials} accepts its certificate under {@code revocations}.
         *
         * @param credentials the pinned CA and its clock
         * @param revocations the current revocation list, or null when none is held (every request is refused)
         * @param method the request's method
         * @param target the request target as received: path and, if any, {@code ?} and the raw query
         * @param body the body as received, empty for none
         * @param certificateHeader the {@value #CERTIFICATE_HEADER} header's value, or null
         * @param signatureHeader the {@value #SIGNATURE_HEADER} header's value, or null
         * @throws CredentialException naming the first check that failed
         */
        public MirrorCredential verify(
                CredentialVerifier credentials,
                RevocationList revocations,
                String method,
                String target,
                byte[] body,
                String certificateHeader,
                String signatureHeader)
                throws CredentialException {
            if (certificateHeader == null || signatureHeader == null) {
                throw new CredentialException(
                        MALFORMED, "a signed request needs both " + CERTIFICATE_HEADER + " and " + SIGNATURE_HEADER);
            }
            if (signatureHeader.length() > MAX_SIGNATURE_HEADER) {
                throw new CredentialException(MALFORMED, SIGNATURE_HEADER + ": longer than " + MAX_SIGNATURE_HEADER);
            }
            Matcher parts = SIGNATURE.matcher(signatureHeader.strip());
            if (!parts.matches()) {
                throw new CredentialException(MALFORMED, SIGNATURE_HEADER + ": not t=<seconds>, n=<nonce>, s=<sig>");
            }
            X509Certificate certificate = certificate(certificateHeader);
            long t = Long.parseLong(parts.group(1));
            String n = parts.group(2);
            Instant now = clock.instant();
            Instant signedAt = Instant.ofEpochSecond(t);
            if (Duration.between(signedAt, now).abs().compareTo(window) > 0) {
                throw new CredentialException(
                        STALE,
                        "signed at " + signedAt + ", more than " + window.toSeconds() + " s from this server's clock ("
                                + now + ")");
            }
            checkSignature(certificate, signedText(method, target, t, n, body), parts.group(3));
            MirrorCredential credential = credentials.verify(certificate, revocations);
            remember(credential.serialHex() + "/" + n, signedAt, now);
            return credential;
        }

        private static X509Certificate certificate(String header) throws CredentialException {
            if (header.length() > MAX_CERTIFICATE_HEADER) {
                throw new CredentialException(
                        MALFORMED, CERTIFICATE_HEADER + ": longer than " + MAX_CERTIFICATE_HEADER);
            }
            try {
                byte[] der = Base64.getDecoder().decode(header.strip());
                return (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
                throw new CredentialException(MALFORMED, CERTIFICATE_HEADER + ": not a base64 DER X.509 certificate");
            }
        }

        private static void checkSignature(X509Certificate certificate, byte[] text, String signature)
                throws CredentialException {
            try {
                Signature verifier = Signature.getInstance(ALGORITHM);
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(text);
                if (verifier.verify(Base64.getUrlDecoder().decode(signature))) {
                    return;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // An unusable key or an unreadable signature verifies nothing.
            }
            throw new CredentialException(
                    BAD_SIGNATURE, "the request's signature does not verify with the presented certificate's key");
        }

        private void remember(String key, Instant signedAt, Instant now) throws CredentialException {
            long forgetAt = signedAt.plus(window).toEpochMilli();
            if (remembered.incrementAndGet() % SWEEP_EVERY == 0 || seen.size() >= maxRemembered) {
                long cutoff = now.toEpochMilli();
                seen.values().removeIf(until -> until < cutoff);
                if (seen.size() >= maxRemembered) {
                    throw new CredentialException(
                            REPLAYED, "too many signed requests inside the window; try again in a moment");
                }
            }
            if (seen.putIfAbsent(key, forgetAt) != null) {
                throw new CredentialException(REPLAYED, "this signed request was received before");
            }
        }
    }
}
