package org.ossnet.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyManagementException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.MirrorCertificateProfile;

/**
 * The agent's HTTP clients set up TLS only when a connection needs it, and then use exactly the JDK's default TLS
 * context: a plain-http exchange works, a server with a certificate no CA of the JDK issued is refused, and the context
 * is the JDK's default one.
 */
class HttpClientsTest {

    private static final KeyPair KEYS = MirrorCertificateProfile.generateKeyPair();
    private static final X509Certificate SELF_SIGNED = MirrorCertificateProfile.caCertificate(
            KEYS,
            "localhost",
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(1)));

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aCommandsTrackerRequestsShareOneClientPerSourceAddress() throws Exception {
        SourceAddress loopback = new SourceAddress(InetAddress.getLoopbackAddress());

        HttpClient any = HttpClients.forTrackers(SourceAddress.ANY);

        assertThat(HttpClients.forTrackers(SourceAddress.ANY)).isSameAs(any);
        assertThat(HttpClients.forTrackers(loopback))
                .isNotSameAs(any)
                .isSameAs(HttpClients.forTrackers(new SourceAddress(InetAddress.getLoopbackAddress())));
        assertThat(any.connectTimeout()).contains(Duration.ofSeconds(10));
        assertThat(any.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL);
    }

    @Test
    void exchangesPlainHttp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serveHello();
        HttpClient client =
                HttpClients.build(SourceAddress.ANY, builder -> builder.connectTimeout(Duration.ofSeconds(5)));

        HttpResponse<String> response = client.send(request("http"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
    }

    @Test
    void refusesAServerWhoseCertificateNoCaOfTheJdkIssued() throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        server = https;
        serveHello();
        HttpClient client =
                HttpClients.build(SourceAddress.ANY, builder -> builder.connectTimeout(Duration.ofSeconds(5)));

        assertThatThrownBy(() -> client.send(request("https"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theirTlsContextIsTheJdksDefaultOneAndCannotBeReinitialised() throws Exception {
        SSLContext jdk = SSLContext.getDefault();
        SSLContext tls = HttpClients.tls();

        assertThat(tls.getClientSessionContext()).isSameAs(jdk.getClientSessionContext());
        assertThat(tls.getDefaultSSLParameters().getProtocols())
                .isEqualTo(jdk.getDefaultSSLParameters().getProtocols());
        assertThat(tls.getDefaultSSLParameters().getCipherSuites())
                .isEqualTo(jdk.getDefaultSSLParameters().getCipherSuites());
        assertThat(tls.createSSLEngine("localhost", 443).getEnabledCipherSuites())
                .isEqualTo(jdk.createSSLEngine("localhost", 443).getEnabledCipherSuites());
        assertThatThrownBy(() -> tls.init(null, null, null)).isInstanceOf(KeyManagementException.class);
    }

    private void serveHello() {
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private HttpRequest request(String scheme) {
        return HttpRequest.newBuilder(URI.create(
                        scheme + "://localhost:" + server.getAddress().getPort() + "/"))
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static SSLContext serverContext() throws Exception {
        char[] password = "test".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", KEYS.getPrivate(), password, new X509Certificate[] {SELF_SIGNED});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
