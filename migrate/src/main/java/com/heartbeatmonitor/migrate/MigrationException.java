package com.heartbeatmonitor.migrate;

import java.sql.SQLException;

/**
 * The migrate step failed; the message says what failed and what to fix. An {@link SQLException}, so callers that
 * prepare a database (the run commands, the tests) handle it where they handle the database being unreachable.
 */
public final class MigrationException extends SQLException {

    private static final long serialVersionUID = 1L;

    private MigrationException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }

    static MigrationException cannotConnect(Migrations.Target target, SQLException e) {
        return new MigrationException(
                "Cannot connect to " + target.url() + " as " + target.user() + ": " + e.getMessage() + "\nFix: check"
                        + " the JDBC URL, the user and its password; the database must exist (the run commands"
                        + " create it, compose's postgres service and a managed PostgreSQL do too).",
                e.getSQLState(),
                e);
    }

    static MigrationException migrationFailed(
            Migrations.Target target, RuntimeException e, boolean validation, String version) {
        String fix = validation
                ? "an applied migration no longer matches its file (edited, renamed or removed since it ran), or a"
                        + " file in sql/ is misnamed. Never change a released V*.sql: restore it as it was and put the"
                        + " change in a new migration, V<next>__<what>.sql (CONTRIBUTING.md, \"Adding a migration\")."
                : "PostgreSQL ran the failed migration in a transaction and rolled it back: the database is still at"
                        + " version " + version + ", nothing half-applied. Fix what the message above names (the"
                        + " migration's SQL, or what it met in this database), then run the migrate step again.";
        return new MigrationException(
                "Migrating " + target.url() + " failed: " + e.getMessage().strip() + "\nFix: " + fix, null, e);
    }

    static MigrationException grantsFailed(Migrations.Target target, Roles roles, SQLException e) {
        return new MigrationException(
                "The schema of " + target.url() + " is migrated, but granting the roles " + roles.writer() + ", "
                        + roles.reader() + " and " + roles.notifier() + " failed: " + e.getMessage()
                        + "\nFix: what the message (and its hint) names, e.g. other role names; then run the migrate"
                        + " step again (it grants on every run).",
                e.getSQLState(),
                e);
    }
}
