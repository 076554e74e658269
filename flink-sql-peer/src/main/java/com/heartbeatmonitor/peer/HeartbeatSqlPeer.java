package com.heartbeatmonitor.peer;

import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.validation.ValidationRules;
import java.time.ZoneId;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The benchmark's peer: the reading path of the heartbeat job written the way a Flink user might
 * write it instead, in Flink SQL. A Kafka JSON table, a range filter, a risk level by CASE, and a JDBC
 * table with the same primary key (so the connector upserts, idempotent on replay) into the same
 * {@code heartbeats} table. Bad messages are skipped by the JSON format and the filter, not recorded.
 * Bands, valid range, batching and checkpoint interval are the job's own defaults, read from its classes.
 *
 * <p>Arguments: {@code --bootstrap-servers --topic --group-id --jdbc-url --parallelism}; the database
 * credentials come from {@code HEARTBEAT_JDBC_USER} and {@code HEARTBEAT_JDBC_PASSWORD} (may be empty).
 */
public final class HeartbeatSqlPeer {

    private static final String SOURCE = """
            CREATE TABLE readings_in (
              event_id STRING,
              customer_id STRING,
              `timestamp` TIMESTAMP_LTZ(3),
              heart_rate INT,
              kafka_topic STRING METADATA FROM 'topic' VIRTUAL,
              kafka_partition INT METADATA FROM 'partition' VIRTUAL,
              kafka_offset BIGINT METADATA FROM 'offset' VIRTUAL
            ) WITH (
              'connector' = 'kafka',
              'topic' = '%s',
              'properties.bootstrap.servers' = '%s',
              'properties.group.id' = '%s',
              'properties.auto.offset.reset' = 'earliest',
              'scan.startup.mode' = 'group-offsets',
              'format' = 'json',
              'json.ignore-parse-errors' = 'true',
              'json.timestamp-format.standard' = 'ISO-8601'
            )""";

    private static final String SINK = """
            CREATE TABLE heartbeats_out (
              event_id STRING,
              customer_id STRING,
              event_time TIMESTAMP(3),
              heart_rate SMALLINT,
              risk_level STRING,
              kafka_topic STRING,
              kafka_partition INT,
              kafka_offset BIGINT,
              PRIMARY KEY (event_id, event_time) NOT ENFORCED
            ) WITH (
              'connector' = 'jdbc',
              'url' = '%s',
              'table-name' = 'heartbeats',
              'username' = '%s',
              'password' = '%s',
              'sink.buffer-flush.max-rows' = '%d',
              'sink.buffer-flush.interval' = '%s',
              'sink.max-retries' = '%d'
            )""";

    private static final String PIPELINE = """
            INSERT INTO heartbeats_out
            SELECT event_id, customer_id, CAST(`timestamp` AS TIMESTAMP(3)), CAST(heart_rate AS SMALLINT),
                   %s,
                   kafka_topic, kafka_partition, kafka_offset
            FROM readings_in
            WHERE %s
              AND CHAR_LENGTH(event_id) = 36 AND customer_id <> '' AND `timestamp` IS NOT NULL""";

    /** The pipeline statement, with the job's default bands and valid range. */
    static String pipeline() {
        return PIPELINE.formatted(riskLevel(), validHeartRate());
    }

    /** The risk level of {@code heart_rate} by the job's default bands (RiskBands.DEFAULT). */
    static String riskLevel() {
        RiskBands bands = RiskBands.DEFAULT;
        return """
                CASE WHEN heart_rate < %d OR heart_rate > %d THEN 'CRITICAL'
                            WHEN heart_rate < %d OR heart_rate > %d THEN 'HIGH'
                            WHEN heart_rate < %d OR heart_rate > %d THEN 'ELEVATED'
                            ELSE 'NORMAL' END""".formatted(
                        bands.criticalBelow(),
                        bands.criticalAbove(),
                        bands.highBelow(),
                        bands.highAbove(),
                        bands.elevatedBelow(),
                        bands.elevatedAbove());
    }

    /** Whether {@code heart_rate} is in the job's default valid range (ValidationRules.DEFAULT). */
    static String validHeartRate() {
        return "heart_rate BETWEEN %d AND %d"
                .formatted(ValidationRules.DEFAULT_MIN_HEART_RATE, ValidationRules.DEFAULT_MAX_HEART_RATE);
    }

    private HeartbeatSqlPeer() {}

    public static void main(String[] args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.getConfig().set("parallelism.default", params.get("parallelism", "2"));
        tables.getConfig()
                .set(
                        "execution.checkpointing.interval",
                        params.get("checkpoint-interval", JobOptions.DEFAULT_CHECKPOINT_INTERVAL));
        tables.getConfig().set("pipeline.name", "heartbeat-sql-peer");
        // The JDBC connector writes TIMESTAMP (it has no TIMESTAMP_LTZ) as a java.sql.Timestamp in the
        // JVM's zone: casting in that same zone keeps the instant.
        tables.getConfig().setLocalTimeZone(ZoneId.systemDefault());
        tables.executeSql(SOURCE.formatted(
                params.getRequired("topic"), params.getRequired("bootstrap-servers"), params.getRequired("group-id")));
        String password = System.getenv().getOrDefault("HEARTBEAT_JDBC_PASSWORD", ""); // empty: trust auth
        tables.executeSql(SINK.formatted(
                params.getRequired("jdbc-url"),
                requiredEnv("HEARTBEAT_JDBC_USER"),
                password,
                JdbcSettings.DEFAULT_BATCH_SIZE,
                JdbcSettings.DEFAULT_BATCH_INTERVAL,
                JdbcSettings.DEFAULT_MAX_RETRIES));
        tables.executeSql(pipeline());
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("set " + name + " (the database writer's credentials)");
        }
        return value;
    }
}
