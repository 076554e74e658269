package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.migrate.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresTest {

    @Test
    void databaseAndMaintenanceUrlComeFromTheJdbcUrl() {
        String url = "jdbc:postgresql://db.example:6543/heartbeat?ssl=true";

        assertThat(Postgres.databaseName(url)).isEqualTo("heartbeat");
        assertThat(Postgres.maintenanceUrl(url)).isEqualTo("jdbc:postgresql://db.example:6543/postgres?ssl=true");
        assertThatThrownBy(() -> Postgres.databaseName("jdbc:postgresql://db.example:6543/"))
                .hasMessageContaining("names no database");
    }

    /** What every start of the run commands does: the database created and migrated, then nothing more to do. */
    @Test
    void prepareCreatesAndMigratesTheDatabaseAndTheNextStartHasNothingToMigrate() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            try (Connection db = database.connect();
                    Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE success), count(*) FILTER (WHERE"
                            + " type = 'BASELINE') FROM flyway_schema_history")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("migrations applied").isPositive();
                assertThat(rs.getInt(2)).as("a new database needs no baseline").isZero();
            }

            Migrations.Result next = database.migrate();

            assertThat(next.migrationsApplied()).isZero();
            assertThat(next.baselined()).isFalse();
            assertThat(next.summary()).contains("nothing to migrate", "roles granted");
        }
    }
}
