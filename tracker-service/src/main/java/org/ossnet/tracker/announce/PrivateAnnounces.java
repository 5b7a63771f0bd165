package org.ossnet.tracker.announce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.ossnet.announce.AnnounceConfig;
import org.ossnet.announce.AnnounceEngine;
import org.ossnet.announce.AnnounceMetrics;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.tracker.credential.MirrorRequests;
import org.ossnet.tracker.system.ClientAddresses;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * {@code GET /private/announce}: the tracker of private swarms, the swarms of embargoed snapshots before their
 * release, which only credentialed mirrors may join. Every announce must be signed with a mirror credential
 * ({@link MirrorRequests}: certificate from the pinned CA, unrevoked under a current list, signature fresh and not
 * replayed) whose prefixes cover the swarm's collection; otherwise it is refused with a bencoded {@code failure
 * reason}, and a swarm the credential does not cover gets exactly the answer of a swarm that does not exist.
 *
 * <p>Private swarms have an engine and a peer store of their own: no mirror of a private swarm is ever handed to a
 * public announce, nor a public peer to a private one, and the public engine's hot path is unchanged. The peer's
 * address comes from the socket. At the release instant a private swarm is unknown here ({@link
 * PublishedSwarms#embargoed}) and public at {@code /announce}: mirrors announce there from then on.
 *
 * <p>Meter {@code ossnet.tracker.private.announces}, tag {@code outcome}: {@code answered}, {@code unsigned}, or the
 * credential refusal's reason in lower case.
 */
@Configuration(proxyBeanMethods = false)
class PrivateAnnounces {

    /** The path of private announces. */
    static final String PATH = "/private/announce";

    /** The credential of the announce being answered, for the registry: set and cleared around each announce. */
    private static final ThreadLocal<MirrorCredential> ANNOUNCING = new ThreadLocal<>();

    @Bean
    ServletRegistrationBean<PrivateAnnounceServlet> privateAnnounceServlet(
            PublishedSwarms swarms, AnnounceConfig config, MirrorRequests mirrors, MeterRegistry meters) {
        InMemoryPeerStore store = new InMemoryPeerStore(
                config.maxSwarms(),
                config.maxPeersPerSwarm(),
                config.peerExpiry(),
                () -> System.nanoTime() / 1_000_000);
        AnnounceEngine engine = new AnnounceEngine(
                config,
                infoHash -> covered(swarms, infoHash),
                store,
                new DefaultHandoutPolicy(),
                // The public engine's meters are the tracker's announce meters; these have their own counter below.
                new AnnounceMetrics(new SimpleMeterRegistry(), store));
        var registration =
                new ServletRegistrationBean<>(new PrivateAnnounceServlet(engine, store, mirrors, meters), PATH);
        registration.setName("privateAnnounce");
        return registration;
    }

    /** Sweeps private swarms' peers that stopped announcing, as the public store is swept. */
    @Bean
    SchedulingConfigurer privateAnnounceSweep(ServletRegistrationBean<PrivateAnnounceServlet> servlet) {
        return registrar ->
                registrar.addFixedDelayTask(() -> servlet.getServlet().sweep(), java.time.Duration.ofSeconds(30));
    }

    private static boolean covered(PublishedSwarms swarms, InfoHash infoHash) {
        MirrorCredential credential = ANNOUNCING.get();
        return credential != null
                && swarms.embargoed(infoHash)
                        .filter(file -> credential.covers(OssnetName.parse(file.collection())))
                        .isPresent();
    }

    /** The servlet; a plain one, as the public announce's is, answering only bencode. */
    static final class PrivateAnnounceServlet extends HttpServlet {

        private final transient AnnounceEngine engine;
        private final transient InMemoryPeerStore store;
        private final transient MirrorRequests mirrors;
        private final transient MeterRegistry meters;

        PrivateAnnounceServlet(
                AnnounceEngine engine, InMemoryPeerStore store, MirrorRequests mirrors, MeterRegistry meters) {
            this.engine = engine;
            this.store = store;
            this.mirrors = mirrors;
            this.meters = meters;
        }

        void sweep() {
            store.sweep();
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Optional<MirrorCredential> credential;
            try {
                credential = mirrors.verified(request);
            } catch (CredentialException e) {
                count(e.reason().name().toLowerCase(Locale.ROOT));
                send(
                        response,
                        AnnounceEngine.failure("mirror credential refused ("
                                + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): "
                                + e.getMessage()));
                return;
            }
            if (credential.isEmpty()) {
                count("unsigned");
                send(
                        response,
                        AnnounceEngine.failure("private swarms need a mirror credential: sign the announce"
                                + " (Ossnet-Mirror-Certificate and Ossnet-Mirror-Signature)"));
                return;
            }
            ANNOUNCING.set(credential.get());
            try {
                count("answered");
                send(response, engine.announce(request.getQueryString(), ClientAddresses.socket(request)));
            } finally {
                ANNOUNCING.remove();
            }
        }

        private void count(String outcome) {
            Counter.builder("ossnet.tracker.private.announces")
                    .description("Announces to private (embargoed) swarms, by outcome")
                    .tag("outcome", outcome)
                    .register(meters)
                    .increment();
        }

        private static void send(HttpServletResponse response, byte[] body) throws IOException {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/plain");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
