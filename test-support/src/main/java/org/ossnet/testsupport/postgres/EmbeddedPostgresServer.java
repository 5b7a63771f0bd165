package org.ossnet.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.ossnet.testsupport.FreePorts;

/**
 * A real PostgreSQL server started from the Maven-shipped binaries, listening on 127.0.0.1 only,
 * with a throw-away data directory and a random password for the {@code postgres} role.
 *
 * <p>Durability is switched off ({@code fsync=off}): the data dies with the server anyway, and on
 * two busy cores it makes tests several times faster.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String SUPERUSER = "postgres";

    private final ProcessUser user = ProcessUser.current();
    private final Path binaries;
    private final Path workDir;
    private final Path dataDir;
    private final String password;
    private final int port;
    private final Process server;

    private EmbeddedPostgresServer(Path binaries, Path workDir, int port) throws IOException {
        this.binaries = binaries;
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.password = randomPassword();
        this.port = port;
        initdb();
        this.server = startServer();
        awaitReady();
    }

    /** Starts a new server on a free loopback port; stop it with {@link #close()}. */
    public static EmbeddedPostgresServer start() {
        Path binaries = PostgresBinaries.unpacked();
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("ossnet-pg-");
            Files.setPosixFilePermissions(
                    workDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            ProcessUser.current().giveToServer(workDir);
            return new EmbeddedPostgresServer(binaries, workDir, FreePorts.pick(InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            if (workDir != null) {
                PostgresBinaries.deleteTree(workDir);
            }
            throw new UncheckedIOException("Could not start an embedded PostgreSQL", e);
        } catch (RuntimeException e) {
            if (workDir != null) {
                PostgresBinaries.deleteTree(workDir);
            }
            throw e;
        }
    }

    /** The TCP port the server listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    @Override
    public String description() {
        return "embedded PostgreSQL from " + binaries.getFileName() + " on 127.0.0.1:" + port;
    }

    @Override
    public Database createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection admin = DriverManager.getConnection(url("postgres"), SUPERUSER, password);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return new Database(name, url(name), SUPERUSER, password);
    }

    @Override
    public void close() {
        try {
            if (server.isAlive()) {
                run(List.of(
                        binaries.resolve("bin/pg_ctl").toString(),
                        "stop",
                        "-D",
                        dataDir.toString(),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        "30"));
            }
        } catch (IOException | RuntimeException e) {
            // Fall through to killing the process: a test run must not leave a server behind.
        } finally {
            server.destroyForcibly();
            try {
                server.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PostgresBinaries.deleteTree(workDir);
        }
    }

    private void initdb() throws IOException {
        Path passwordFile = workDir.resolve("pwfile");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        user.giveToServer(passwordFile);
        run(List.of(
                binaries.resolve("bin/initdb").toString(),
                "-D",
                dataDir.toString(),
                "-U",
                SUPERUSER,
                "--pwfile=" + passwordFile,
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync"));
        Files.delete(passwordFile);
    }

    private Process startServer() throws IOException {
        List<String> command = List.of(
                binaries.resolve("bin/postgres").toString(),
                "-D",
                dataDir.toString(),
                "-p",
                Integer.toString(port),
                "-h",
                "127.0.0.1",
                "-k",
                workDir.toString(),
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200");
        return new ProcessBuilder(user.command(command))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("postgres.log").toFile())
                .start();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + server.exitValue() + ":\n" + log());
            }
            try (Connection ignored = DriverManager.getConnection(url("postgres"), SUPERUSER, password)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while PostgreSQL was starting", e);
            }
        }
        server.destroyForcibly();
        throw new IllegalStateException("PostgreSQL did not accept connections within " + START_TIMEOUT + ": "
                + (last == null ? "" : last.getMessage()) + "\n" + log());
    }

    private void run(List<String> command) throws IOException {
        Path output = Files.createTempFile("ossnet-pg-cmd-", ".log");
        try {
            Process process = new ProcessBuilder(user.command(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Failed (exit " + process.exitValue() + "): "
                        + String.join(" ", command) + "\n" + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("postgres.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
