package com.heartbeatmonitor.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The processes of the PostgreSQL server a connection reaches, for its CPU seconds: the postmaster (the parent
 * of the connection's backend) and its children as they are at each look, since the job's connections come and
 * go. A machine may run other servers (a test's, a soak's, its own on 5432) whose work is no part of the
 * benchmark's. When the backend is no process of this machine (a server elsewhere, or in a container with PIDs of
 * its own), every postgres process here is counted, as the benchmark always did.
 */
final class PostgresProcesses {

    private static final String POSTGRES = "/postgres";

    /** Null: the server is not here; count every postgres process. */
    private final ProcessHandle postmaster;

    private PostgresProcesses(ProcessHandle postmaster) {
        this.postmaster = postmaster;
    }

    /** The server behind {@code db}. */
    static PostgresProcesses behind(Connection db) throws SQLException {
        long backend;
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            backend = rs.getLong(1);
        }
        // Both the backend and its parent must be postgres processes: a PID from another namespace could be
        // anything here.
        Optional<ProcessHandle> postmaster = ProcessHandle.of(backend)
                .filter(PostgresProcesses::isPostgres)
                .flatMap(ProcessHandle::parent)
                .filter(PostgresProcesses::isPostgres);
        if (postmaster.isEmpty()) {
            Benchmark.step(
                    "  PostgreSQL backend %d is no process here: CPU of every postgres process counted", backend);
        }
        return new PostgresProcesses(postmaster.orElse(null));
    }

    /** The server's processes now. */
    Stream<ProcessHandle> now() {
        return postmaster == null
                ? ProcessHandle.allProcesses().filter(PostgresProcesses::isPostgres)
                : Stream.concat(Stream.of(postmaster), postmaster.children());
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith(POSTGRES)).orElse(false);
    }
}
