package org.ossnet.testsupport.postgres;

/** A running PostgreSQL server that hands out databases; closing it stops the server if we started it. */
public interface PostgresServer extends AutoCloseable {

    /** Creates a new, empty database with exactly this name and returns how to reach it. */
    Database createDatabase(String name);

    /** Says how the server runs, for logs: {@code "embedded PostgreSQL 17.6"}, {@code "container postgres:17"}. */
    String description();

    @Override
    void close();
}
