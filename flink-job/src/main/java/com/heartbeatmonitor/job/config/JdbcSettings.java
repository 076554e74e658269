package com.heartbeatmonitor.job.config;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Where and how the job writes to PostgreSQL. */
public record JdbcSettings(
        String url, String user, String password, int batchSize, Duration batchInterval, int maxRetries)
        implements Serializable {

    // Defaults of the job's flags, read by the SQL peer too.
    /** 5,000 rows: 8% less TaskManager CPU per event than 1,000 in the benchmark's catch-up (README). */
    public static final int DEFAULT_BATCH_SIZE = 5000;
    /** In Flink's duration form, as the flag takes it. */
    public static final String DEFAULT_BATCH_INTERVAL = "200ms";

    public static final int DEFAULT_MAX_RETRIES = 3;

    /** Without it pgjdbc sends a batch as one INSERT per row; with it, as multi-row INSERTs (several times faster). */
    static final String REWRITE_BATCHED_INSERTS = "reWriteBatchedInserts";

    static final Set<String> SSL_MODES = Set.of("disable", "require", "verify-ca", "verify-full");

    /**
     * {@code url} with pgjdbc's {@code sslmode} and {@code sslrootcert} added for --jdbc-ssl-mode and
     * --jdbc-ssl-root-cert; unchanged when neither is set. Every connection the job makes takes its URL
     * from here, so the sinks and the preflight check speak TLS alike.
     */
    static String withTls(String url, String sslMode, String rootCert) {
        boolean mode = sslMode != null && !sslMode.isBlank();
        boolean cert = rootCert != null && !rootCert.isBlank();
        if (!mode && !cert) {
            return url;
        }
        require(
                !mode || !hasParameter(url, "sslmode"),
                "--jdbc-ssl-mode and sslmode in --jdbc-url are both set: keep one");
        require(
                !cert || !hasParameter(url, "sslrootcert"),
                "--jdbc-ssl-root-cert and sslrootcert in --jdbc-url are both set: keep one");
        String result = url;
        if (mode) {
            String m = sslMode.trim().toLowerCase(Locale.ROOT);
            require(
                    SSL_MODES.contains(m),
                    "--jdbc-ssl-mode '" + sslMode + "' must be one of disable, require, verify-ca, " + "verify-full ("
                            + JobOptions.variable("--jdbc-ssl-mode") + ")");
            require(
                    !cert || m.startsWith("verify-"),
                    "--jdbc-ssl-root-cert is set but --jdbc-ssl-mode is " + m
                            + ": the certificate is only checked with verify-ca or verify-full");
            result = withParameter(result, "sslmode=" + m);
        } else {
            require(
                    hasParameter(url, "sslmode=verify-"),
                    "--jdbc-ssl-root-cert needs --jdbc-ssl-mode verify-full "
                            + "(or verify-ca; " + JobOptions.variable("--jdbc-ssl-mode")
                            + "): without it the certificate is not checked");
        }
        if (cert) {
            Path file = Path.of(rootCert.trim());
            require(
                    Files.isReadable(file),
                    "--jdbc-ssl-root-cert " + rootCert + " is not a readable file ("
                            + JobOptions.variable("--jdbc-ssl-root-cert") + ")");
            require(
                    !file.toString().contains("&"),
                    "--jdbc-ssl-root-cert " + rootCert + ": a path with '&' cannot go into "
                            + "a JDBC URL; move the file");
            result = withParameter(result, "sslrootcert=" + file.toAbsolutePath());
        }
        return result;
    }

    private static boolean hasParameter(String url, String prefix) {
        int query = url.indexOf('?');
        return query >= 0 && ("&" + url.substring(query + 1)).contains("&" + prefix);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

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
