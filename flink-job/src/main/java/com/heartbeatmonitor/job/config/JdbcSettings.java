package com.heartbeatmonitor.job.config;

import java.io.Serializable;
import java.time.Duration;

/** Where and how the job writes to PostgreSQL. */
public record JdbcSettings(
        String url, String user, String password, int batchSize, Duration batchInterval, int maxRetries)
        implements Serializable {

    /** Without it pgjdbc sends a batch as one INSERT per row; with it, as multi-row INSERTs (several times faster). */
    static final String REWRITE_BATCHED_INSERTS = "reWriteBatchedInserts";

    /** The URL with {@code reWriteBatchedInserts=true} added unless the user set it either way. */
    public String effectiveUrl() {
        if (url.contains(REWRITE_BATCHED_INSERTS + "=")) {
            return url;
        }
        return withParameter(url, REWRITE_BATCHED_INSERTS + "=true");
    }

    /**
     * The URL for upserts: batch rewriting off, whatever the user set. A multi-row
     * {@code INSERT ... ON CONFLICT DO UPDATE} fails when one batch holds two changes of the same row.
     */
    public String upsertUrl() {
        String withoutRewrite = url.replaceAll("([?&])" + REWRITE_BATCHED_INSERTS + "=[^&]*&?", "$1")
                .replaceAll("[?&]$", "");
        return withParameter(withoutRewrite, REWRITE_BATCHED_INSERTS + "=false");
    }

    private static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    @Override
    public String toString() {
        return "JdbcSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", batchSize=" + batchSize + ", batchInterval=" + batchInterval + ", maxRetries=" + maxRetries + "]";
    }
}
