package org.ossnet.agent.storage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where the agent's bulk digests (pieces' SHA-1, files' SHA-256) come from: OpenSSL's {@code libcrypto} through the
 * foreign-function API when this JVM can use it ({@code OpenSslDigest}, compiled only by a JDK 22+ and loaded only on
 * one), the JDK's own otherwise. Both give the same digests; OpenSSL's run at the CPU's SHA instructions from the first
 * byte, the JDK's only once its C2 compiler has compiled them (docs/BENCHMARKS.md, the swarm benches).
 */
public final class Digests {

    private static final MethodHandle OPENSSL = openSsl();

    private Digests() {}

    /** A new digest of {@code algorithm}, one every Java platform provides ({@code SHA-1}, {@code SHA-256}). */
    public static MessageDigest newDigest(String algorithm) {
        if (OPENSSL != null) {
            try {
                MessageDigest digest = (MessageDigest) OPENSSL.invokeExact(algorithm);
                if (digest != null) {
                    return digest;
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides " + algorithm, e);
        }
    }

    /** Who computes the bulk digests in this JVM: {@code openssl} or {@code jdk}, with the reason for the latter. */
    public static String implementation() {
        return OPENSSL != null ? "openssl" : "jdk (" + openSslUnavailable() + ")";
    }

    /** Why OpenSSL's digests cannot be used in this JVM, or null when they can. */
    static String openSslUnavailable() {
        if (Runtime.version().feature() < 22) {
            return "the foreign-function API needs Java 22+, this is " + Runtime.version();
        }
        if (Boolean.getBoolean("ossnet.jdk-digests")) {
            return "-Dossnet.jdk-digests=true";
        }
        try {
            return (String) openSslClass().getDeclaredMethod("unavailable").invoke(null);
        } catch (ClassNotFoundException e) {
            return "this build was made by a JDK before 22, which does not compile the OpenSSL digests";
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the OpenSSL digests cannot be loaded: " + e;
        }
    }

    private static MethodHandle openSsl() {
        if (openSslUnavailable() != null) {
            return null;
        }
        try {
            return MethodHandles.lookup()
                    .findStatic(openSslClass(), "create", MethodType.methodType(MessageDigest.class, String.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Class<?> openSslClass() throws ClassNotFoundException {
        return Class.forName("org.ossnet.agent.storage.OpenSslDigest");
    }
}
