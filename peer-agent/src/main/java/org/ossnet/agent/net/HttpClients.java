package org.ossnet.agent.net;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds every {@link HttpClient} of the agent (tracker, announce, web seed and report clients) with one TLS context
 * whose trust is loaded on the first handshake. A client built without one takes the JDK's default context, which
 * parses the whole CA store ({@code cacerts}) as the client is built, also for the plain-http tracker on loopback:
 * about a tenth of a CPU-second on every short command (docs/BENCHMARKS.md, "Start-up"). The trust manager here
 * creates the JDK's default trust manager on its first check and delegates every check to it, certificate path and
 * host name alike, so what is trusted does not change.
 */
public final class HttpClients {

    private static final SSLContext TLS = lazyTrust();

    private HttpClients() {}

    /** A client with connections from {@code source}, the shared TLS context, and what {@code settings} adds. */
    public static HttpClient build(SourceAddress source, UnaryOperator<HttpClient.Builder> settings) {
        return settings.apply(source.applyTo(HttpClient.newBuilder()).sslContext(TLS))
                .build();
    }

    private static SSLContext lazyTrust() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new DefaultTrustOnFirstUse()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
    }

    /** The JDK's default trust manager, created on the first check rather than when a client is built. */
    static final class DefaultTrustOnFirstUse extends X509ExtendedTrustManager {

        private volatile X509ExtendedTrustManager delegate;

        private X509ExtendedTrustManager delegate() throws CertificateException {
            X509ExtendedTrustManager trust = delegate;
            if (trust == null) {
                synchronized (this) {
                    if (delegate == null) {
                        delegate = loadDefault();
                    }
                    trust = delegate;
                }
            }
            return trust;
        }

        private static X509ExtendedTrustManager loadDefault() throws CertificateException {
            try {
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509ExtendedTrustManager extended) {
                        return extended;
                    }
                }
                throw new CertificateException("the JDK's default trust managers include no X.509 one");
            } catch (GeneralSecurityException e) {
                throw new CertificateException("could not load the JDK's default trust store", e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            try {
                return delegate().getAcceptedIssuers();
            } catch (CertificateException e) {
                return new X509Certificate[0];
            }
        }
    }
}
