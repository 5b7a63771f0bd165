package org.ossnet.agent.net;

import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Builds every {@link HttpClient} of the agent (tracker, announce, web seed and mirror clients) with one TLS context
 * that is the JDK's default one, created on the first TLS connection rather than when a client is built. A client built
 * without a context takes the JDK's default as it is built, which parses the whole CA store ({@code cacerts}); one built
 * with a context of its own still sets up the TLS provider (its cipher suites, protocols and parameters). Both are work
 * the plain-http tracker on loopback never needs: about a tenth, then 35 ms, of CPU on every short command
 * (docs/BENCHMARKS.md, "Start-up"). The clients get explicit {@link SSLParameters} with nothing set, which leaves the
 * engine's defaults as they are, so that building one does not ask the context for its defaults either. What is
 * trusted and offered does not change: the first TLS connection gets {@link SSLContext#getDefault()}'s engine.
 */
public final class HttpClients {

    private static final SSLContext TLS = new SSLContext(new DefaultOnFirstUse(), null, "Default") {};

    /**
     * How long a connection to a tracker may take to set up, over this JDK client or {@link HttpExchanges#forTrackers}
     * (an exchange's own deadline bounds it further).
     */
    static final Duration TRACKER_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final Map<SourceAddress, HttpClient> TRACKER_CLIENTS = new ConcurrentHashMap<>();

    private HttpClients() {}

    /**
     * The one client per source address for tracker requests that do not go over {@link HttpExchanges} (the API's
     * posts, requests signed with a mirror credential), never closed: each client starts a selector thread and keeps a
     * pool of its own, and a {@code get} built two for one tracker, on two cores where six {@code get}s start at once.
     */
    public static HttpClient forTrackers(SourceAddress source) {
        return TRACKER_CLIENTS.computeIfAbsent(
                source,
                s -> build(
                        s,
                        builder -> builder.connectTimeout(TRACKER_CONNECT_TIMEOUT)
                                .followRedirects(HttpClient.Redirect.NORMAL)));
    }

    /** A client with connections from {@code source}, the shared TLS context, and what {@code settings} adds. */
    public static HttpClient build(SourceAddress source, UnaryOperator<HttpClient.Builder> settings) {
        return settings.apply(
                        source.applyTo(HttpClient.newBuilder()).sslContext(TLS).sslParameters(new SSLParameters()))
                .build();
    }

    /** The clients' TLS context. */
    static SSLContext tls() {
        return TLS;
    }

    /** The JDK's default TLS context, created by the first call that needs it; like it, not to be initialised. */
    private static final class DefaultOnFirstUse extends SSLContextSpi {

        private volatile SSLContext delegate;

        private SSLContext delegate() {
            SSLContext context = delegate;
            if (context == null) {
                synchronized (this) {
                    if (delegate == null) {
                        try {
                            delegate = SSLContext.getDefault();
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("the JDK offers no default TLS context", e);
                        }
                    }
                    context = delegate;
                }
            }
            return context;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("the agent's TLS context is the JDK's default one, set up by itself");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return delegate().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return delegate().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate().getSupportedSSLParameters();
        }
    }
}
