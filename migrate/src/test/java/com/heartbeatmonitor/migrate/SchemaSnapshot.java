package com.heartbeatmonitor.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the migrations define in a database, read from pg_catalog, one sorted line per object: relations,
 * columns, constraints, indexes, views, functions, triggers, the grants on them and the retention settings. Two
 * databases with equal snapshots have the same schema. Left out: the day and month partitions (named after the
 * date the maintenance ran; each is LIKE its parent) and Flyway's history table, which the tests check on their
 * own.
 */
final class SchemaSnapshot {

    /** Relations of the schema that are not a day or month partition, nor Flyway's history. */
    private static final String OWN_RELATION = "c.relnamespace = 'public'::regnamespace"
            + " AND (NOT c.relispartition OR c.relname LIKE '%\\_default')"
            + " AND c.relname NOT LIKE 'flyway\\_schema\\_history%'";

    private static final List<String> QUERIES = List.of(
            "SELECT 'relation', c.relname, c.relkind, c.relispartition, c.relpersistence,"
                    + " pg_get_partkeydef(c.oid), pg_get_expr(c.relpartbound, c.oid), c.relacl::text"
                    + " FROM pg_class c WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " + OWN_RELATION,
            "SELECT 'column', c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                    + " pg_get_expr(d.adbin, d.adrelid), a.attacl::text"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                    + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v') AND "
                    + OWN_RELATION,
            "SELECT 'constraint', c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)"
                    + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE " + OWN_RELATION,
            "SELECT 'index', c.relname, i.relname, pg_get_indexdef(i.oid)"
                    + " FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid"
                    + " WHERE " + OWN_RELATION,
            "SELECT 'view', viewname, definition FROM pg_views WHERE schemaname = 'public'",
            "SELECT 'function', p.oid::regprocedure, pg_get_functiondef(p.oid), p.proacl::text"
                    + " FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace",
            "SELECT 'trigger', c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled"
                    + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    + " WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND " + OWN_RELATION,
            "SELECT 'retention', table_name, keep, create_ahead FROM heartbeat_retention");

    private SchemaSnapshot() {}

    static List<String> of(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (String query : QUERIES) {
                try (ResultSet rs = statement.executeQuery(query)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        List<String> cells = new ArrayList<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            cells.add(String.valueOf(rs.getString(i)));
                        }
                        lines.add(String.join(" | ", cells));
                    }
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    /** The history as Flyway wrote it: version, description, type, script, success; in the order applied. */
    static List<String> history(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, description, type, script, success" + " FROM "
                        + Migrations.HISTORY_TABLE + " ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " "
                        + rs.getBoolean(5));
            }
        }
        return rows;
    }
}
