package com.heartbeatmonitor.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.validation.ValidationRules;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/**
 * The peer's risk level and range filter agree with the job's defaults on every heart rate from 0 to
 * 300 bpm. The expressions are plain SQL (CASE, comparisons, BETWEEN on integers), so the PostgreSQL
 * server the other tests use evaluates them in a fraction of the time Flink's planner takes to start;
 * what the test guards is the numbers and their order, not the dialect.
 */
class HeartbeatSqlPeerTest {

    private static final Map<String, String> ENV = System.getenv();

    @Test
    void riskLevelAndValidRangeAreTheJobsDefaults() throws SQLException {
        int checked = 0;
        try (Connection db = connect();
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT heart_rate, " + HeartbeatSqlPeer.riskLevel() + ", "
                        + HeartbeatSqlPeer.validHeartRate() + " FROM generate_series(0, 300) AS heart_rate")) {
            while (rows.next()) {
                int bpm = rows.getInt(1);
                assertThat(rows.getString(2))
                        .as(bpm + " bpm")
                        .isEqualTo(RiskBands.DEFAULT.classify(bpm).name());
                assertThat(rows.getBoolean(3))
                        .as(bpm + " bpm valid")
                        .isEqualTo(bpm >= ValidationRules.DEFAULT.minHeartRate()
                                && bpm <= ValidationRules.DEFAULT.maxHeartRate());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(301);
    }

    @Test
    void thePipelineStatementUsesBoth() {
        assertThat(HeartbeatSqlPeer.pipeline())
                .contains(HeartbeatSqlPeer.riskLevel())
                .contains(HeartbeatSqlPeer.validHeartRate());
    }

    /** The test server and administrator, as the other modules' tests find them. */
    private static Connection connect() throws SQLException {
        String server = ENV.getOrDefault("HEARTBEAT_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432");
        Properties props = new Properties();
        props.setProperty(
                "user",
                ENV.getOrDefault(
                        "HEARTBEAT_DB_ADMIN_USER", ENV.getOrDefault("PGUSER", System.getProperty("user.name"))));
        String password = ENV.getOrDefault("HEARTBEAT_DB_ADMIN_PASSWORD", ENV.getOrDefault("PGPASSWORD", ""));
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        return new Driver().connect(server + "/postgres", props);
    }
}
