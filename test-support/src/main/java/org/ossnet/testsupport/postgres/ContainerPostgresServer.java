package org.ossnet.testsupport.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A PostgreSQL server in a Testcontainers-managed container, used wherever a Docker engine is reachable. */
public final class ContainerPostgresServer implements PostgresServer {

    /** The image tests run against; the same major version as the embedded binaries. */
    public static final String IMAGE = "postgres:17-alpine";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final PostgreSQLContainer container;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    /** Says whether Testcontainers can reach a Docker engine from here. */
    public static boolean dockerAvailable() {
        if (!dockerConfigured()) {
            // Without any sign of Docker, skip Testcontainers' probe and the errors it logs.
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean dockerConfigured() {
        String home = System.getProperty("user.home");
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker/run/docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null;
    }

    /** Starts a new container; stop it with {@link #close()}. */
    public static ContainerPostgresServer start() {
        PostgreSQLContainer container =
                new PostgreSQLContainer(IMAGE).withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
        container.start();
        return new ContainerPostgresServer(container);
    }

    @Override
    public String description() {
        return "container " + IMAGE + " at " + container.getHost() + ":" + container.getFirstMappedPort();
    }

    @Override
    public Database createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection admin = DriverManager.getConnection(
                        container.getJdbcUrl(), container.getUsername(), container.getPassword());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        String url = "jdbc:postgresql://" + container.getHost() + ":" + container.getFirstMappedPort() + "/" + name;
        return new Database(name, url, container.getUsername(), container.getPassword());
    }

    @Override
    public void close() {
        container.stop();
    }
}
