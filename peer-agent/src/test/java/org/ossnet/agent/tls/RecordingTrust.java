package org.ossnet.agent.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** A prober's trust manager: trusts any server and records every certificate it was shown. */
final class RecordingTrust extends X509ExtendedTrustManager {

    private final List<X509Certificate> seen;

    RecordingTrust(List<X509Certificate> seen) {
        this.seen = seen;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        seen.addAll(Arrays.asList(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        seen.addAll(Arrays.asList(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen.addAll(Arrays.asList(chain));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
