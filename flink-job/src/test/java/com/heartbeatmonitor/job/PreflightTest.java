package com.heartbeatmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.sinks.AlertStatement;
import com.heartbeatmonitor.job.sinks.MinuteBatchStatement;
import com.heartbeatmonitor.job.sinks.RejectionStatement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Preflight checks the rights sql/roles/grant-roles.sql gives the writer, read from that file. */
class PreflightTest {

    private static final Pattern INSERT_INTO = Pattern.compile("INSERT INTO (\\w+)");

    @Test
    void everyTableTheSinksWriteIsCheckedWithTheRightsTheirStatementsNeed() {
        for (String sql : List.of(RejectionStatement.SQL, AlertStatement.SQL, MinuteBatchStatement.SQL)) {
            Matcher table = INSERT_INTO.matcher(sql);
            assertThat(table.find()).as(sql).isTrue();
            List<String> rights = Preflight.TABLES.get(table.group(1));
            // ON CONFLICT needs SELECT on the key; an upsert (DO UPDATE) needs UPDATE.
            assertThat(rights).as(table.group(1)).contains("INSERT", "SELECT");
            if (sql.contains("DO UPDATE")) {
                assertThat(rights).as(table.group(1)).contains("UPDATE");
            }
        }
        // store_heartbeats (the readings' sink) looks up a batch's keys among the stored readings, and inserts.
        assertThat(Preflight.TABLES.get("heartbeats")).containsExactly("SELECT", "INSERT");
        assertThat(Preflight.TABLES).doesNotContainKey("heartbeat_event_ids");
    }

    @Test
    void theGrantsAreReadAsSqlWritesThem() {
        String sql = String.join(
                "\n",
                "EXECUTE format('CREATE ROLE %I LOGIN', writer);",
                "EXECUTE format('GRANT SELECT, INSERT ON heartbeats TO %I', writer);",
                "EXECUTE format('GRANT SELECT (kafka_topic, kafka_offset), INSERT '",
                "               'ON rejected_heartbeats TO %I', writer);",
                "EXECUTE format('GRANT SELECT, INSERT, UPDATE ON alerts, heartbeat_minutes TO %I', writer);",
                "EXECUTE format('GRANT SELECT ON heartbeats, alerts TO %I', reader);",
                "EXECUTE format('GRANT USAGE ON SCHEMA public TO %I, %I', writer, reader);");
        assertThat(Preflight.writerGrants(sql))
                .containsExactly(
                        Map.entry("heartbeats", List.of("SELECT", "INSERT")),
                        Map.entry("rejected_heartbeats", List.of("SELECT", "INSERT")),
                        Map.entry("alerts", List.of("SELECT", "INSERT", "UPDATE")),
                        Map.entry("heartbeat_minutes", List.of("SELECT", "INSERT", "UPDATE")));
    }
}
