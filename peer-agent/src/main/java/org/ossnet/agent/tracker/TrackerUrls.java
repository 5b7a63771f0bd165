package org.ossnet.agent.tracker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.ossnet.core.name.OssnetName;

/**
 * The URLs a name leads to. Discovery uses https, except for loopback hosts (which never leave the machine) or
 * when plain http was explicitly allowed with {@code --insecure-http}.
 */
final class TrackerUrls {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private TrackerUrls() {}

    static URI discovery(String publisher, boolean insecureHttp) {
        String host = OssnetName.parse("ossnet://" + publisher + "/").host();
        String scheme = insecureHttp || isLoopback(host) ? "http" : "https";
        return URI.create(scheme + "://" + publisher + "/.well-known/ossnet.json");
    }

    /** The resolution URL of {@code name}: the discovery's {@code ns} prefix followed by the name's path. */
    static URI ns(URI ns, OssnetName name) {
        String prefix = ns.toString().endsWith("/") ? ns.toString() : ns + "/";
        return URI.create(prefix + name.encodedPath().substring(1));
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (host.startsWith("[") || IPV4.matcher(host).matches()) {
            try {
                // Literals only, so this never asks DNS.
                return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                        .isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
