package org.ossnet.agent.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;

/**
 * A publisher's test mirror CA, mirrors with certificates it issued through {@link MirrorCertificateProfile} (or
 * deliberately against it), revocation lists, a clock the tests move, and a loopback listener. Public for the swarm
 * tests, which run private swarms over it.
 */
public final class TlsFixtures {

    static final String PUBLISHER = "fedora.example.org";
    static final String PREFIX = "ossnet://fedora.example.org/fedora/45/";
    static final InfoHash SWARM = InfoHash.sha1Of("an embargoed file".getBytes(StandardCharsets.US_ASCII));
    public static final OssnetName NAME =
            OssnetName.parse("ossnet://fedora.example.org/fedora/45/Everything/x86_64/os/Packages/k/kernel.rpm");
    static final PrivateSwarms SERVES_SWARM = swarm -> swarm.equals(SWARM) ? Optional.of(NAME) : Optional.empty();
    /** Short enough for the timeout test, long enough for a first handshake on a loaded machine of two cores. */
    static final TlsLimits LIMITS = new TlsLimits(Duration.ofSeconds(5), Duration.ofSeconds(1));
    /** How long a test waits for anything on loopback before it fails. */
    static final long WAIT_SECONDS = 10;

    /** A mirror's key pair and certificate. */
    public record Mirror(KeyPair keys, X509Certificate certificate) {

        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    public final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final MovableClock clock = new MovableClock(now);
    final KeyPair caKeys = MirrorCertificateProfile.generateKeyPair();
    final X509Certificate ca = MirrorCertificateProfile.caCertificate(
            caKeys, PUBLISHER, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
    final KeyPair otherCaKeys = MirrorCertificateProfile.generateKeyPair();
    final X509Certificate otherCa = MirrorCertificateProfile.caCertificate(
            otherCaKeys, "debian.example.org", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));

    /** A mirror whose certificate is valid an hour around now and carries {@code prefixes} (default: fedora/45/). */
    public Mirror mirror(String name, String... prefixes) {
        return mirror(name, now.minusSeconds(60), now.plusSeconds(3540), prefixes);
    }

    public Mirror mirror(String name, Instant notBefore, Instant notAfter, String... prefixes) {
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        var credential = new MirrorCredential(
                new MirrorGrant(
                        name,
                        Arrays.stream(prefixes.length == 0 ? new String[] {PREFIX} : prefixes)
                                .map(OssnetName::parse)
                                .toList()),
                MirrorCertificateProfile.newSerial(),
                notBefore,
                notAfter);
        return new Mirror(
                keys,
                MirrorCertificateProfile.mirrorCertificate(ca, caKeys.getPrivate(), keys.getPublic(), credential));
    }

    /** A mirror certified by another publisher's CA, through the same profile. */
    Mirror mirrorOfOtherCa(String name) {
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        var credential = new MirrorCredential(
                new MirrorGrant(name, List.of(OssnetName.parse(PREFIX))),
                MirrorCertificateProfile.newSerial(),
                now.minusSeconds(60),
                now.plusSeconds(3540));
        return new Mirror(
                keys,
                MirrorCertificateProfile.mirrorCertificate(
                        otherCa, otherCaKeys.getPrivate(), keys.getPublic(), credential));
    }

    /** A mirror that signed its own certificate, otherwise as the profile has it. */
    public Mirror selfSigned(String name) throws Exception {
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        return new Mirror(
                keys,
                crafted(
                        new X500Name("CN=" + name),
                        name,
                        keys,
                        keys,
                        KeyPurposeId.id_kp_serverAuth,
                        KeyPurposeId.id_kp_clientAuth));
    }

    /** A certificate from the right CA that lacks extended key usage clientAuth, so it is no mirror credential. */
    Mirror serverAuthOnly(String name) throws Exception {
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        return new Mirror(
                keys,
                crafted(
                        X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                        name,
                        caKeys,
                        keys,
                        KeyPurposeId.id_kp_serverAuth));
    }

    private X509Certificate crafted(
            X500Name issuer, String name, KeyPair signer, KeyPair subject, KeyPurposeId... purposes) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(
                        issuer,
                        MirrorCertificateProfile.newSerial(),
                        Date.from(now.minusSeconds(60)),
                        Date.from(now.plusSeconds(3540)),
                        new X500Name("CN=" + name),
                        subject.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                .addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, PREFIX)));
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    /** A list current now, revoking {@code entries}. */
    public RevocationList list(long version, RevocationList.Entry... entries) {
        return new RevocationList(PUBLISHER, version, now.minusSeconds(60), now.plusSeconds(240), List.of(entries));
    }

    /** A list that expired a minute ago. */
    RevocationList expiredList(long version) {
        return new RevocationList(PUBLISHER, version, now.minusSeconds(600), now.minusSeconds(60), List.of());
    }

    public static RevocationList.Entry revoke(String mirror, Mirror m) {
        return RevocationList.Entry.certificate(
                mirror, m.serial(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    MirrorTls tls(Mirror mirror, Supplier<RevocationList> revocations) {
        return tls(mirror, revocations, SERVES_SWARM);
    }

    public MirrorTls tls(Mirror mirror, Supplier<RevocationList> revocations, PrivateSwarms swarms) {
        return tls(mirror, revocations, swarms, clock);
    }

    /** As {@link #tls(Mirror, Supplier, PrivateSwarms)}, judging validity by {@code clock}: the system's, say. */
    public MirrorTls tls(Mirror mirror, Supplier<RevocationList> revocations, PrivateSwarms swarms, Clock clock) {
        return new MirrorTls(
                mirror.keys().getPrivate(),
                List.of(mirror.certificate()),
                new CredentialVerifier(ca, clock),
                revocations,
                swarms,
                LIMITS);
    }

    /** A listener on loopback that hands each accepted connection to a {@link MirrorTls}. */
    static final class Loopback implements AutoCloseable {

        final ServerSocketChannel server;

        Loopback() throws Exception {
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        InetSocketAddress address() throws Exception {
            return (InetSocketAddress) server.getLocalAddress();
        }

        /** Accepts one connection on a virtual thread and runs {@code tls}'s accepting handshake on it. */
        CompletableFuture<TlsPeer> accept(MirrorTls tls) {
            CompletableFuture<TlsPeer> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.complete(tls.accept(server.accept()));
                } catch (Throwable e) {
                    accepted.completeExceptionally(e);
                }
            });
            return accepted;
        }

        SocketChannel dial() throws Exception {
            SocketChannel channel = SocketChannel.open();
            channel.socket().connect(address(), 2000);
            return channel;
        }

        /** A plain socket to the listener, whose reads time out. */
        Socket plainSocket() throws Exception {
            Socket socket = new Socket();
            socket.connect(address(), 2000);
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            return socket;
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    /** Runs a blocking call on a virtual thread and waits for it, bounded. */
    static <T> T bounded(ThrowingSupplier<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Reads exactly {@code n} bytes, or fewer if the peer ends first. */
    static byte[] readFully(TlsPeer peer, int n) throws Exception {
        return bounded(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(n);
            while (buffer.hasRemaining() && peer.read(buffer) >= 0) {
                // Keep reading.
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        });
    }

    /** An executor that starts each task on its own virtual thread. */
    static void runVirtual(Runnable task) {
        Thread.ofVirtual().start(task);
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** A clock the tests move forward, as a long-lived connection sees time pass. */
    static final class MovableClock extends Clock {

        private volatile Instant instant;

        MovableClock(Instant instant) {
            this.instant = instant;
        }

        void advance(Duration by) {
            instant = instant.plus(by);
        }

        @Override
        public Instant instant() {
            return instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
