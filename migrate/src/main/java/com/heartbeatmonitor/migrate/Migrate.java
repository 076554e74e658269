package com.heartbeatmonitor.migrate;

import com.heartbeatmonitor.security.OptionEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar heartbeat-migrate.jar}: the migrate step on its own, for compose's one-shot {@code migrate}
 * service and the Kubernetes Job. Everything from the environment (flags win); passwords only from the environment
 * or a file, never a flag. Exit 0 when the database is migrated and the roles granted, 2 on a setting to fix, 1 when
 * the migration failed (the message says what to fix).
 */
@Command(
        name = "heartbeat-migrate",
        mixinStandardHelpOptions = true,
        description = "Migrates the pipeline's database to this release's schema (the versioned migrations of sql/,"
                + " Flyway), creates the writer, reader, notifier and console roles if missing and grants them"
                + " their rights, and runs the partition maintenance once. A database from before versioned"
                + " migrations is baselined and completed. Run it as the database's administrator, before the job,"
                + " the notifier, the console and the dashboards start.")
public final class Migrate implements Callable<Integer> {

    /** The administrator's password: only from the environment, or from {@code --password-file}. */
    public static final String PASSWORD_ENV = "HEARTBEAT_MIGRATE_PASSWORD";
    /** The roles' passwords, the variables the job, Grafana and the notifier read theirs from. */
    public static final String WRITER_PASSWORD_ENV = "HEARTBEAT_JDBC_PASSWORD";

    public static final String READER_PASSWORD_ENV = "GRAFANA_DB_PASSWORD";
    public static final String NOTIFIER_PASSWORD_ENV = "HEARTBEAT_NOTIFY_DB_PASSWORD";
    public static final String CONSOLE_PASSWORD_ENV = "HEARTBEAT_CONSOLE_DB_PASSWORD";

    /** The examples of .env.example all begin with it (compose/check-secrets.sh refuses them too). */
    static final String EXAMPLE_PREFIX = "change-me";

    static final int EXIT_FAILED = 1;
    static final int EXIT_CONFIG = 2;

    private static final String NAME = "heartbeat-migrate";

    @Option(
            names = "--jdbc-url",
            defaultValue = "${env:HEARTBEAT_MIGRATE_JDBC_URL:-jdbc:postgresql://localhost:5432/heartbeat}",
            description =
                    "The database to migrate; it must exist. TLS parameters (sslmode, sslrootcert) go in the" + " URL.")
    String jdbcUrl;

    @Option(
            names = "--user",
            defaultValue = "${env:HEARTBEAT_MIGRATE_USER}",
            description = "Who migrates: the database's administrator, who owns the tables and may create roles;"
                    + " never one of the pipeline's roles. Its password: env " + PASSWORD_ENV
                    + ", or --password-file.")
    String user;

    @Option(
            names = "--password-file",
            defaultValue = "${env:HEARTBEAT_MIGRATE_PASSWORD_FILE}",
            description = "File holding the administrator's password, e.g. a mounted Secret or a Docker secret.")
    Path passwordFile;

    @Option(
            names = "--writer-user",
            defaultValue = "${env:HEARTBEAT_JDBC_USER:-" + Roles.DEFAULT_WRITER + "}",
            description = "The job's role (it writes readings, alerts, rollups). Its password: env "
                    + WRITER_PASSWORD_ENV + ".")
    String writerUser;

    @Option(
            names = "--reader-user",
            defaultValue = "${env:GRAFANA_DB_USER:-" + Roles.DEFAULT_READER + "}",
            description = "The dashboards' read-only role. Its password: env " + READER_PASSWORD_ENV + ".")
    String readerUser;

    @Option(
            names = "--notifier-user",
            defaultValue = "${env:HEARTBEAT_NOTIFY_DB_USER:-" + Roles.DEFAULT_NOTIFIER + "}",
            description = "The notifier's role (its ledger only). Its password: env " + NOTIFIER_PASSWORD_ENV + ".")
    String notifierUser;

    @Option(
            names = "--console-user",
            defaultValue = "${env:HEARTBEAT_CONSOLE_DB_USER:-" + Roles.DEFAULT_CONSOLE + "}",
            description = "The care console's role (reads alerts, adds alert actions). Its password: env "
                    + CONSOLE_PASSWORD_ENV + ".")
    String consoleUser;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    public Migrate() {
        this(System.getenv(), System.out, System.err);
    }

    Migrate(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // Without a logging library in the jar Flyway logs through java.util.logging: one line per message.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        int exit = OptionEnvironment.withEnvironmentHelp(new CommandLine(new Migrate()))
                .execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() {
        Migrations.Target target;
        Roles roles;
        try {
            target = new Migrations.Target(jdbcUrl, required(user, "--user"), password());
            roles = new Roles(
                    writerUser,
                    environment.get(WRITER_PASSWORD_ENV),
                    readerUser,
                    environment.get(READER_PASSWORD_ENV),
                    notifierUser,
                    environment.get(NOTIFIER_PASSWORD_ENV),
                    consoleUser,
                    environment.get(CONSOLE_PASSWORD_ENV));
            Map<String, String> passwords = new LinkedHashMap<>();
            passwords.put(PASSWORD_ENV + " (or --password-file)", target.password());
            passwords.put(WRITER_PASSWORD_ENV, roles.writerPassword());
            passwords.put(READER_PASSWORD_ENV, roles.readerPassword());
            passwords.put(NOTIFIER_PASSWORD_ENV, roles.notifierPassword());
            passwords.put(CONSOLE_PASSWORD_ENV, roles.consolePassword());
            refuseExamples(passwords);
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return EXIT_CONFIG;
        }
        out.println(NAME + ": " + target.url() + " as " + target.user() + ", roles " + roles.writer() + ", "
                + roles.reader() + ", " + roles.notifier() + ", " + roles.console());
        try {
            Migrations.Result result = Migrations.migrate(target, roles);
            out.println(NAME + ": " + result.summary());
            return 0;
        } catch (MigrationException e) {
            err.println(NAME + ": " + e.getMessage().replace("\n", "\n" + NAME + ": "));
            err.println(NAME + ": settings: " + settings());
            return EXIT_FAILED;
        }
    }

    /** The administrator's password: the variable or the file, not both; empty for trust authentication. */
    private String password() {
        String fromEnv = environment.get(PASSWORD_ENV);
        if (passwordFile == null) {
            return fromEnv == null ? "" : fromEnv;
        }
        if (fromEnv != null && !fromEnv.isEmpty()) {
            throw new IllegalArgumentException("The administrator's password is set twice, in " + PASSWORD_ENV + " and "
                    + OptionEnvironment.flagAndVariable(Migrate.class, "--password-file") + ": keep one");
        }
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(OptionEnvironment.flagAndVariable(Migrate.class, "--password-file") + " "
                    + passwordFile + " cannot be read: " + e);
        }
    }

    private static String required(String value, String flag) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Who migrates is not set: set "
                    + OptionEnvironment.flagAndVariable(Migrate.class, flag)
                    + " to the database's administrator (e.g. compose's POSTGRES_ADMIN_USER)");
        }
        return value;
    }

    private static void refuseExamples(Map<String, String> passwordsBySetting) {
        passwordsBySetting.forEach((setting, password) -> {
            if (password != null && password.startsWith(EXAMPLE_PREFIX)) {
                throw new IllegalArgumentException(setting + " is still the example value from .env.example: set a"
                        + " secret of your own (e.g. openssl rand -base64 24)");
            }
        });
    }

    /** Where each setting came from, for a failure message (no password). */
    private String settings() {
        return OptionEnvironment.flagAndVariable(Migrate.class, "--jdbc-url") + ", "
                + OptionEnvironment.flagAndVariable(Migrate.class, "--user") + ", the password in " + PASSWORD_ENV
                + " or " + OptionEnvironment.flagAndVariable(Migrate.class, "--password-file");
    }
}
