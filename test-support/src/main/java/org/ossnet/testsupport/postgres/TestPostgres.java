package org.ossnet.testsupport.postgres;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way tests get a real PostgreSQL: a server shared by every test in the JVM, and a fresh
 * database per caller.
 *
 * <p>The server is a Testcontainers container when a Docker engine is reachable, otherwise an
 * embedded server from the Maven-shipped binaries. {@code OSSNET_TEST_POSTGRES=docker|embedded}
 * (or the system property {@code ossnet.test.postgres}) forces one; the default is {@code auto}.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;

    private TestPostgres() {}

    /** Returns the shared server, starting it on first use; it stops when the JVM exits. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = startServer(mode());
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "ossnet-test-postgres-stop"));
        }
        return server;
    }

    /** Creates a new empty database whose name starts with {@code prefix}, unique in this JVM. */
    public static Database freshDatabase(String prefix) {
        return server().createDatabase(
                        prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet());
    }

    static PostgresServer startServer(String mode) {
        return switch (mode) {
            case "docker" -> ContainerPostgresServer.start();
            case "embedded" -> EmbeddedPostgresServer.start();
            case "auto" ->
                ContainerPostgresServer.dockerAvailable()
                        ? ContainerPostgresServer.start()
                        : EmbeddedPostgresServer.start();
            default ->
                throw new IllegalArgumentException(
                        "OSSNET_TEST_POSTGRES must be auto, docker or embedded, not '" + mode + "'");
        };
    }

    private static String mode() {
        String mode = System.getProperty("ossnet.test.postgres", System.getenv("OSSNET_TEST_POSTGRES"));
        return mode == null || mode.isBlank() ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
    }
}
