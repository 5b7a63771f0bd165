package org.ossnet.agent.storage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the agent's bulk digests (pieces' SHA-1, files' SHA-256) come from: OpenSSL's {@code libcrypto} through the
 * foreign-function API when this JVM can use it ({@code OpenSslDigest}, compiled only by a JDK 22+ and loaded only on
 * one), the JDK's own otherwise. Both give the same digests; OpenSSL's run at the CPU's SHA instructions from the first
 * byte, the JDK's only once its C2 compiler has compiled them (docs/BENCHMARKS.md, the swarm benches).
 *
 * <p>Binding OpenSSL costs a JVM 60–70 ms (the library's lookup and a generated class and native stub per downcall), a
 * seventh of a small {@code get}, while the JDK's digests under C1 alone hash a KiB in about 12 µs. So the first
 * {@link #JDK_BUDGET} bytes a JVM's digests are to hash go through the JDK's, and OpenSSL is bound only for a digest
 * that would go past it: a command that hashes little never binds it, and one that hashes more loses at most about 11
 * ms to the JDK's slower code. A digest past the budget that is itself small (a small file's, a piece's) does not
 * wait for the binding either: it starts it on a thread of its own and is the JDK's, as are the small ones after it
 * until OpenSSL is bound. Before, the threads of a {@code get} of many small files all waited about 100 ms for it, one
 * binding while the others waited for its class to be initialized. A large digest waits, as the JDK's would cost it
 * more.
 */
public final class Digests {

    /** The bytes a JVM's digests hash through the JDK's before the rest go through OpenSSL. */
    static final long JDK_BUDGET = 1 << 20;

    private static final AtomicLong JDK_BYTES = new AtomicLong();

    private static volatile boolean openSslLookedUp;

    private static final AtomicBoolean BINDING_STARTED = new AtomicBoolean();

    /** OpenSSL's digests, looked up when this class is first used: by the first digest past the budget. */
    private static final class OpenSsl {
        static final MethodHandle CREATE = lookUp();

        private static MethodHandle lookUp() {
            MethodHandle create = openSsl();
            openSslLookedUp = true;
            return create;
        }
    }

    private Digests() {}

    /**
     * A new digest of {@code algorithm}, one every Java platform provides ({@code SHA-1}, {@code SHA-256}), for a
     * caller that cannot tell how much it will hash: OpenSSL's where this JVM can use it.
     */
    public static MessageDigest newDigest(String algorithm) {
        return newDigest(algorithm, Long.MAX_VALUE);
    }

    /**
     * A new digest of {@code algorithm} that will hash about {@code bytes}: the JDK's while OpenSSL is not yet looked
     * up and this JVM's digests stay within {@link #JDK_BUDGET}, OpenSSL's after that where this JVM can use it. Past
     * the budget, a digest of at most {@link #JDK_BUDGET} bytes is the JDK's until OpenSSL is bound, which it starts on
     * a thread of its own; a larger one waits for the binding.
     */
    public static MessageDigest newDigest(String algorithm, long bytes) {
        if (!openSslLookedUp && withinBudget(bytes)) {
            return jdk(algorithm);
        }
        if (!openSslLookedUp && bytes <= JDK_BUDGET) {
            if (BINDING_STARTED.compareAndSet(false, true)) {
                Thread.ofPlatform().daemon().name("openssl-binding").start(Digests::openSslBound);
            }
            return jdk(algorithm);
        }
        if (OpenSsl.CREATE != null) {
            try {
                MessageDigest digest = (MessageDigest) OpenSsl.CREATE.invokeExact(algorithm);
                if (digest != null) {
                    return digest;
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        return jdk(algorithm);
    }

    /** Whether this JVM hashes through OpenSSL; the first call looks its digests up. */
    private static boolean openSslBound() {
        return OpenSsl.CREATE != null;
    }

    /** Whether OpenSSL's digests have been looked up in this JVM, whether or not it can use them. */
    static boolean openSslLookedUp() {
        return openSslLookedUp;
    }

    private static boolean withinBudget(long bytes) {
        long before = JDK_BYTES.get();
        while (bytes <= JDK_BUDGET - before) {
            if (JDK_BYTES.compareAndSet(before, before + bytes)) {
                return true;
            }
            before = JDK_BYTES.get();
        }
        return false;
    }

    private static MessageDigest jdk(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides " + algorithm, e);
        }
    }

    /** Who computes the bulk digests in this JVM: {@code openssl} or {@code jdk}, with the reason for the latter. */
    public static String implementation() {
        return openSslBound() ? "openssl" : "jdk (" + openSslUnavailable() + ")";
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
