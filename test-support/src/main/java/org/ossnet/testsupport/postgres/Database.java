package org.ossnet.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Where to reach one PostgreSQL database: what a service's {@code spring.datasource.*} needs.
 *
 * @param name the database name
 * @param jdbcUrl a JDBC URL for the database
 * @param username the role to log in as
 * @param password that role's password
 */
public record Database(String name, String jdbcUrl, String username, String password) {

    /** Opens a new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /**
     * Hands this database to a Spring Boot application as its {@code spring.datasource.*}
     * properties: pass {@code registry::add} of a {@code DynamicPropertyRegistry}.
     */
    public void registerAsDataSource(BiConsumer<String, Supplier<Object>> property) {
        property.accept("spring.datasource.url", this::jdbcUrl);
        property.accept("spring.datasource.username", this::username);
        property.accept("spring.datasource.password", this::password);
    }

    @Override
    public String toString() {
        // Never print the password: these records end up in test and launcher logs.
        return "Database[" + name + " at " + jdbcUrl + " as " + username + "]";
    }
}
