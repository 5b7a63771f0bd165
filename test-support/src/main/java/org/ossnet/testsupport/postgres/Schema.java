package org.ossnet.testsupport.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads what Flyway left in a database, for the services' schema checks. */
public final class Schema {

    private Schema() {}

    /** The versions of the successfully applied Flyway migrations, in order. */
    public static List<String> appliedMigrations(Database database) throws SQLException {
        return strings(
                database,
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank");
    }

    /** The names of the tables in the {@code public} schema, sorted. */
    public static List<String> tables(Database database) throws SQLException {
        return strings(
                database,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    }

    /** The column names of one table, in ordinal order. */
    public static List<String> columns(Database database, String table) throws SQLException {
        return strings(
                database,
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '"
                        + table.replace("'", "''") + "' ORDER BY ordinal_position");
    }

    private static List<String> strings(Database database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
