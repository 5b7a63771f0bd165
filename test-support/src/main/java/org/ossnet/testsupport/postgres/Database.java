package org.ossnet.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

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

    @Override
    public String toString() {
        // Never print the password: these records end up in test and launcher logs.
        return "Database[" + name + " at " + jdbcUrl + " as " + username + "]";
    }
}
