package org.ossnet.agent.storage;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * SHA-1 and SHA-256 computed by OpenSSL's {@code libcrypto} through the foreign-function API, for the agent's bulk
 * hashing (pieces, whole files). Loaded by {@link Digests} only on a Java 22+ runtime that grants native access.
 *
 * <p>Why: the JDK hashes at the CPU's SHA instructions only from code its C2 compiler has compiled, and until then a
 * block at a time in plain Java, several times slower. A short command (a download of a GiB takes three seconds) pays
 * for both: the slow start and the compiler's own CPU. OpenSSL uses the same instructions from the first byte, so the
 * result is the same digest at the same speed with no dependence on the JIT (docs/BENCHMARKS.md, the swarm benches).
 *
 * <p>Each instance owns one {@code EVP_MD_CTX}, freed by a {@link Cleaner} once the digest is unreachable. Updates
 * from heap arrays and heap buffers are passed without a copy ({@link Linker.Option#critical critical} calls, kept short:
 * at most {@link #MAX_CALL_BYTES} each); not thread-safe, as no {@link MessageDigest} is.
 */
final class OpenSslDigest extends MessageDigest implements Cloneable {

    private static final Linker LINKER = Linker.nativeLinker();

    /**
     * What is loaded on first use, not when the class is: looking up a library and binding its functions are restricted
     * methods, which warn on stderr where native access was not granted ({@link #unavailable} checks that first).
     */
    private static final class Loaded {
        static final Bindings BINDINGS = Bindings.load();
        static final Cleaner CLEANER = Cleaner.create();
    }

    /**
     * The most one call hashes: a critical call holds off the garbage collector while it runs, so a large update is
     * hashed a MiB (half a millisecond) at a time.
     */
    private static final long MAX_CALL_BYTES = 1 << 20;

    private final Algorithm algorithm;
    private final MemorySegment context;
    private final MemorySegment out;

    private OpenSslDigest(Algorithm algorithm) {
        super(algorithm.name);
        this.algorithm = algorithm;
        this.context = newContext();
        this.out = Arena.ofAuto().allocate(algorithm.length);
        init();
    }

    private OpenSslDigest(OpenSslDigest from) {
        super(from.algorithm.name);
        this.algorithm = from.algorithm;
        this.context = newContext();
        this.out = Arena.ofAuto().allocate(algorithm.length);
        int result;
        try {
            result = (int) Loaded.BINDINGS.copy.invokeExact(context, from.context);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check("EVP_MD_CTX_copy_ex", result);
    }

    /**
     * Null when this JVM can hash through OpenSSL, otherwise why not: native access must be granted to the agent's code
     * and {@code libcrypto} (OpenSSL 3) must be found.
     */
    static String unavailable() {
        if (!OpenSslDigest.class.getModule().isNativeAccessEnabled()) {
            return "native access is not granted (--enable-native-access=ALL-UNNAMED)";
        }
        return Loaded.BINDINGS.unavailable;
    }

    /** A new digest for {@code algorithm} ({@code SHA-1} or {@code SHA-256}), or null for any other. */
    static MessageDigest create(String algorithm) {
        Algorithm known = Algorithm.of(algorithm);
        return known == null ? null : new OpenSslDigest(known);
    }

    @Override
    protected int engineGetDigestLength() {
        return algorithm.length;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int length) {
        if (length > 0) {
            update(MemorySegment.ofArray(input).asSlice(offset, length));
        }
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        int length = input.remaining();
        if (length > 0) {
            update(MemorySegment.ofBuffer(input));
            input.position(input.limit());
        }
    }

    @Override
    protected byte[] engineDigest() {
        finish();
        byte[] digest = out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        init();
        return digest;
    }

    @Override
    protected int engineDigest(byte[] buf, int offset, int length) throws DigestException {
        if (length < algorithm.length) {
            throw new DigestException("a " + algorithm.name + " digest needs " + algorithm.length + " bytes");
        }
        finish();
        MemorySegment.copy(out, 0, MemorySegment.ofArray(buf), offset, algorithm.length);
        init();
        return algorithm.length;
    }

    @Override
    protected void engineReset() {
        init();
    }

    @Override
    public Object clone() {
        return new OpenSslDigest(this);
    }

    private void init() {
        int result;
        try {
            result = (int) Loaded.BINDINGS.init.invokeExact(context, algorithm.md(), MemorySegment.NULL);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check("EVP_DigestInit_ex2", result);
    }

    private void update(MemorySegment bytes) {
        for (long at = 0; at < bytes.byteSize(); at += MAX_CALL_BYTES) {
            long length = Math.min(MAX_CALL_BYTES, bytes.byteSize() - at);
            int result;
            try {
                result = (int) Loaded.BINDINGS.update.invokeExact(context, bytes.asSlice(at, length), length);
            } catch (Throwable e) {
                throw unexpected(e);
            }
            check("EVP_DigestUpdate", result);
        }
    }

    private void finish() {
        int result;
        try {
            result = (int) Loaded.BINDINGS.finish.invokeExact(context, out, MemorySegment.NULL);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check("EVP_DigestFinal_ex", result);
    }

    private static MemorySegment newContext() {
        MemorySegment context;
        try {
            context = (MemorySegment) Loaded.BINDINGS.newContext.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
        if (context.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("EVP_MD_CTX_new returned NULL");
        }
        long address = context.address();
        MethodHandle free = Loaded.BINDINGS.free;
        Loaded.CLEANER.register(context, () -> {
            try {
                free.invokeExact(MemorySegment.ofAddress(address));
            } catch (Throwable e) {
                throw unexpected(e);
            }
        });
        return context;
    }

    private static void check(String function, int result) {
        if (result != 1) {
            throw new IllegalStateException(function + " failed in libcrypto (" + result + ")");
        }
    }

    private static RuntimeException unexpected(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }

    private enum Algorithm {
        SHA1("SHA-1", "SHA1", 20),
        SHA256("SHA-256", "SHA2-256", 32);

        final String name;
        final String openSslName;
        final int length;

        Algorithm(String name, String openSslName, int length) {
            this.name = name;
            this.openSslName = openSslName;
            this.length = length;
        }

        static Algorithm of(String name) {
            return switch (name.toUpperCase(Locale.ROOT)) {
                case "SHA-1", "SHA1", "SHA" -> SHA1;
                case "SHA-256", "SHA256" -> SHA256;
                default -> null;
            };
        }

        MemorySegment md() {
            return this == SHA1 ? Loaded.BINDINGS.sha1 : Loaded.BINDINGS.sha256;
        }
    }

    /** The functions bound once, and each algorithm's {@code EVP_MD} fetched once (no implicit fetch per init). */
    private record Bindings(
            String unavailable,
            MethodHandle newContext,
            MethodHandle free,
            MethodHandle init,
            MethodHandle update,
            MethodHandle finish,
            MethodHandle copy,
            MemorySegment sha1,
            MemorySegment sha256) {

        static Bindings load() {
            Optional<SymbolLookup> library = library();
            if (library.isEmpty()) {
                return failed("OpenSSL 3's libcrypto was not found (libcrypto.so.3)");
            }
            SymbolLookup lookup = library.get();
            try {
                MethodHandle fetch =
                        bind(lookup, "EVP_MD_fetch", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
                MemorySegment sha1;
                MemorySegment sha256;
                try (Arena arena = Arena.ofConfined()) {
                    sha1 = (MemorySegment) fetch.invokeExact(
                            MemorySegment.NULL, arena.allocateFrom(Algorithm.SHA1.openSslName), MemorySegment.NULL);
                    sha256 = (MemorySegment) fetch.invokeExact(
                            MemorySegment.NULL, arena.allocateFrom(Algorithm.SHA256.openSslName), MemorySegment.NULL);
                }
                if (sha1.equals(MemorySegment.NULL) || sha256.equals(MemorySegment.NULL)) {
                    return failed("libcrypto offers no SHA1 or SHA2-256 (EVP_MD_fetch returned NULL)");
                }
                return new Bindings(
                        null,
                        bind(lookup, "EVP_MD_CTX_new", FunctionDescriptor.of(ADDRESS)),
                        bind(lookup, "EVP_MD_CTX_free", FunctionDescriptor.ofVoid(ADDRESS)),
                        bind(lookup, "EVP_DigestInit_ex2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)),
                        bind(
                                lookup,
                                "EVP_DigestUpdate",
                                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
                                Linker.Option.critical(true)),
                        bind(lookup, "EVP_DigestFinal_ex", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)),
                        bind(lookup, "EVP_MD_CTX_copy_ex", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
                        sha1,
                        sha256);
            } catch (Throwable e) {
                return failed("libcrypto could not be bound: " + e);
            }
        }

        private static Optional<SymbolLookup> library() {
            for (String name : new String[] {"libcrypto.so.3", "libcrypto.3.dylib"}) {
                try {
                    return Optional.of(SymbolLookup.libraryLookup(name, Arena.global()));
                } catch (IllegalArgumentException notFound) {
                    // the next name
                }
            }
            return Optional.empty();
        }

        private static MethodHandle bind(
                SymbolLookup lookup, String name, FunctionDescriptor descriptor, Linker.Option... options) {
            MemorySegment symbol =
                    lookup.find(name).orElseThrow(() -> new IllegalStateException("no " + name + " in libcrypto"));
            return LINKER.downcallHandle(symbol, descriptor, options);
        }

        private static Bindings failed(String why) {
            return new Bindings(why, null, null, null, null, null, null, null, null);
        }
    }
}
