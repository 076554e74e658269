package com.heartbeatmonitor.peer;

import java.time.ZoneId;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The benchmark's peer: the reading path of the heartbeat job written the way a Flink user might
 * write it instead, in Flink SQL. A Kafka JSON table, a range filter, a risk level by CASE, and a JDBC
 * table with the same primary key (so the connector upserts, idempotent on replay) into the same
 * {@code heartbeats} table. Bad messages are skipped by the JSON format and the filter, not recorded.
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
              PRIMARY KEY (event_id) NOT ENFORCED
            ) WITH (
              'connector' = 'jdbc',
              'url' = '%s',
              'table-name' = 'heartbeats',
              'username' = '%s',
              'password' = '%s',
              'sink.buffer-flush.max-rows' = '1000',
              'sink.buffer-flush.interval' = '200ms'
            )""";

    /** The job's default bands (RiskBands.DEFAULT) and valid range (30-220 bpm). */
    private static final String PIPELINE = """
            INSERT INTO heartbeats_out
            SELECT event_id, customer_id, CAST(`timestamp` AS TIMESTAMP(3)), CAST(heart_rate AS SMALLINT),
                   CASE WHEN heart_rate < 40 OR heart_rate > 150 THEN 'CRITICAL'
                        WHEN heart_rate < 50 OR heart_rate > 120 THEN 'HIGH'
                        WHEN heart_rate < 60 OR heart_rate > 100 THEN 'ELEVATED'
                        ELSE 'NORMAL' END,
                   kafka_topic, kafka_partition, kafka_offset
            FROM readings_in
            WHERE heart_rate BETWEEN 30 AND 220
              AND CHAR_LENGTH(event_id) = 36 AND customer_id <> '' AND `timestamp` IS NOT NULL""";

    private HeartbeatSqlPeer() {}

    public static void main(String[] args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.getConfig().set("parallelism.default", params.get("parallelism", "2"));
        tables.getConfig().set("execution.checkpointing.interval", params.get("checkpoint-interval", "10s"));
        tables.getConfig().set("pipeline.name", "heartbeat-sql-peer");
        // The JDBC connector writes TIMESTAMP (it has no TIMESTAMP_LTZ) as a java.sql.Timestamp in the
        // JVM's zone: casting in that same zone keeps the instant.
        tables.getConfig().setLocalTimeZone(ZoneId.systemDefault());
        tables.executeSql(SOURCE.formatted(params.getRequired("topic"), params.getRequired("bootstrap-servers"),
                params.getRequired("group-id")));
        String password = System.getenv().getOrDefault("HEARTBEAT_JDBC_PASSWORD", ""); // empty: trust auth
        tables.executeSql(SINK.formatted(params.getRequired("jdbc-url"), requiredEnv("HEARTBEAT_JDBC_USER"), password));
        tables.executeSql(PIPELINE);
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("set " + name + " (the database writer's credentials)");
        }
        return value;
    }
}
