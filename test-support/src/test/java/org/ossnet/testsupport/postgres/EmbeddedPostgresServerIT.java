package org.ossnet.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerIT {

    @Test
    void servesSeparateDatabasesOfARealServerAndStopsWithoutTrace() throws Exception {
        int port;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            port = server.port();
            Database first = server.createDatabase("first");
            Database second = server.createDatabase("second");

            try (Connection connection = first.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id int PRIMARY KEY)");
                statement.execute("INSERT INTO t VALUES (1)");
                ResultSet version = statement.executeQuery("SHOW server_version_num");
                version.next();
                assertThat(version.getInt(1)).isGreaterThanOrEqualTo(160000);
            }
            try (Connection connection = second.connect();
                    Statement statement = connection.createStatement()) {
                ResultSet tables =
                        statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'");
                tables.next();
                assertThat(tables.getInt(1)).as("databases are separate").isZero();
            }
            assertThat(first.toString()).doesNotContain(first.password());
        }
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000))
                    .as("the server is gone after close()")
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void refusesDatabaseNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> TestPostgres.server().createDatabase("x; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a plain database name");
    }

    @Test
    void handsEveryCallerAFreshDatabaseOnTheSharedServer() throws Exception {
        Database a = TestPostgres.freshDatabase("tracker");
        Database b = TestPostgres.freshDatabase("tracker");
        assertThat(a.name()).isNotEqualTo(b.name()).startsWith("tracker_");
        try (Connection connection = b.connect()) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }
}
