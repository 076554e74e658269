package com.heartbeatmonitor.benchmark;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** COPY ... FROM STDIN of rows built as text, sent a buffer at a time: how the history scenarios load their rows. */
final class CopyText {

    /** A COPY buffer flushed at this size: large enough that a write per buffer costs nothing. */
    static final int CHUNK = 1 << 20;

    private CopyText() {}

    static CopyIn start(Connection db, String sql) throws SQLException {
        return db.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    }

    /** Sends the buffered rows and empties the buffer. */
    static void flush(CopyIn in, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    /** Sends them once the buffer holds a chunk. */
    static void flushWhenFull(CopyIn in, StringBuilder rows) throws SQLException {
        if (rows.length() >= CHUNK) {
            flush(in, rows);
        }
    }
}
