package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.local.Postgres;
import com.heartbeatmonitor.migrate.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * A history scenario's database, created afresh with this checkout's schema (the migrate step) or with another
 * checkout's {@code sql/} ({@code --history-schema-dir}): the schema before a change, measured by the same code.
 */
final class HistorySchema {

    private HistorySchema() {}

    /** Drops the database, then creates it with the schema and the roles; {@code scenario} names it in the log. */
    static void recreate(String scenario, String url, Postgres.Admin admin, Roles roles, Path schemaDir)
            throws Exception {
        Postgres.dropDatabase(url, admin);
        if (schemaDir == null) {
            long start = System.nanoTime();
            Postgres.prepare(url, admin, roles);
            Benchmark.step(
                    "%s: schema applied in %.2f s (partitions created)", scenario, (System.nanoTime() - start) / 1e9);
        } else {
            applyFrom(url, admin, roles, schemaDir);
            Benchmark.step("%s: schema from %s", scenario, schemaDir);
        }
    }

    /** The schema files of another checkout, in name order, then its roles file with the same settings. */
    private static void applyFrom(String url, Postgres.Admin admin, Roles roles, Path dir) throws Exception {
        Postgres.ensureDatabase(url, admin);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        try (Connection db = Postgres.connect(url, admin);
                Statement s = db.createStatement()) {
            for (Path file : files) {
                s.execute(Files.readString(file));
            }
            try (PreparedStatement settings = db.prepareStatement("SELECT set_config('heartbeat.writer', ?, false),"
                    + " set_config('heartbeat.writer_password', '', false),"
                    + " set_config('heartbeat.reader', ?, false),"
                    + " set_config('heartbeat.reader_password', '', false)")) {
                settings.setString(1, roles.writer());
                settings.setString(2, roles.reader());
                settings.executeQuery().close();
            }
            s.execute(Files.readString(dir.resolve("roles").resolve("grant-roles.sql")));
        }
    }
}
