package com.heartbeatmonitor.migrate;

/**
 * The pipeline's login roles, which the migrate step creates if missing and grants exactly their rights
 * (sql/roles/grant-roles.sql): the job's writer, the dashboards' reader, the notifier and the care console. An empty
 * password leaves
 * the role's password as it is (trust or peer authentication, or a password set some other way).
 */
public record Roles(
        String writer,
        String writerPassword,
        String reader,
        String readerPassword,
        String notifier,
        String notifierPassword,
        String console,
        String consolePassword) {

    /** The job's role when none is configured (HEARTBEAT_JDBC_USER; the job's own default). */
    public static final String DEFAULT_WRITER = "heartbeat_writer";
    /** The dashboards' role when none is configured (GRAFANA_DB_USER in compose). */
    public static final String DEFAULT_READER = "grafana_reader";
    /** The notifier's role when none is configured (HEARTBEAT_NOTIFY_DB_USER). */
    public static final String DEFAULT_NOTIFIER = "heartbeat_notifier";
    /** The care console's role when none is configured (HEARTBEAT_CONSOLE_DB_USER). */
    public static final String DEFAULT_CONSOLE = "heartbeat_console";

    public Roles {
        requireName(writer, "writer");
        requireName(reader, "reader");
        requireName(notifier, "notifier");
        requireName(console, "console");
        writerPassword = writerPassword == null ? "" : writerPassword;
        readerPassword = readerPassword == null ? "" : readerPassword;
        notifierPassword = notifierPassword == null ? "" : notifierPassword;
        consolePassword = consolePassword == null ? "" : consolePassword;
    }

    /** Writer, reader and notifier as given, the console's default role without a password. */
    public Roles(
            String writer,
            String writerPassword,
            String reader,
            String readerPassword,
            String notifier,
            String notifierPassword) {
        this(writer, writerPassword, reader, readerPassword, notifier, notifierPassword, DEFAULT_CONSOLE, "");
    }

    /** Writer and reader as given, the notifier's and the console's default roles without passwords. */
    public Roles(String writer, String writerPassword, String reader, String readerPassword) {
        this(writer, writerPassword, reader, readerPassword, DEFAULT_NOTIFIER, "");
    }

    /** The given writer, and the default reader and notifier without passwords: tests and benchmarks. */
    public static Roles withDefaultReader(String writer, String writerPassword) {
        return new Roles(writer, writerPassword, DEFAULT_READER, "");
    }

    private static void requireName(String name, String role) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the " + role + " role has no name");
        }
    }

    /** Names only: the passwords never reach a log line. */
    @Override
    public String toString() {
        return "Roles[writer=" + writer + ", reader=" + reader + ", notifier=" + notifier + ", console=" + console
                + "]";
    }
}
