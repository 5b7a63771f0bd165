package org.ossnet.agent.cli;

import java.util.List;

/**
 * Initializes, on a thread of its own while the main thread builds the command's model, classes whose initialization
 * every command that talks to a tracker needs and pays for on its main thread otherwise, as Spring Boot's background
 * preinitializer does for its own. A class is initialized once, by whichever thread comes first; one that comes while
 * another initializes it waits for that, so the main thread never does the work twice, and at worst waits for what it
 * would have done itself. Measured on a small {@code get} with {@code -Xlog:class+init}:
 *
 * <ul>
 *   <li>{@link java.math.BigDecimal}: its initialization squares 5^(2^15) in the interpreter, 14 ms, and every JSON
 *       parser needs it (Jackson's parsers hold {@code BigDecimal} constants);
 *   <li>{@link org.ossnet.core.torrent.PeerId} and {@code outbox.EventIds}: each seeds a {@code SecureRandom}, which
 *       looks the default algorithm up among the security providers.
 * </ul>
 */
final class Preinitializer {

    static final List<String> CLASSES =
            List.of("java.math.BigDecimal", "org.ossnet.core.torrent.PeerId", "org.ossnet.agent.outbox.EventIds");

    private Preinitializer() {}

    /** Starts initializing {@link #CLASSES} on a daemon thread, which the JVM's exit does not wait for. */
    static void start() {
        Thread.ofPlatform().daemon().name("preinitializer").start(Preinitializer::initialize);
    }

    static void initialize() {
        ClassLoader loader = Preinitializer.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // The main thread meets the same failure where it needs the class, and reports it there.
            }
        }
    }
}
