package com.heartbeatmonitor.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, with ssl=on: initdb in the test's folder with this machine's
 * PostgreSQL binaries (HEARTBEAT_TEST_POSTGRES_BIN, default /usr/lib/postgresql/15/bin), on a free port of
 * 127.0.0.1, stopped and gone at close. TCP connections must use TLS and a password (hostssl + SCRAM
 * only); the unix socket in its own folder trusts local users. The machine's own server is not touched.
 * When the test runs as root (initdb refuses to), the server runs as the OS user postgres.
 */
final class TlsPostgres implements AutoCloseable {

    private static final Path BIN =
            Path.of(System.getenv().getOrDefault("HEARTBEAT_TEST_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"));
    private static final String SERVER_USER = "postgres";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final boolean asServerUser;

    private TlsPostgres(Path dataDir, int port, boolean asServerUser) {
        this.dataDir = dataDir;
        this.port = port;
        this.asServerUser = asServerUser;
    }

    /**
     * Initialises and starts a server under {@code dir} (which must not exist) with {@code certificate},
     * whose administrator is {@code adminUser} with {@code adminPassword}.
     */
    static TlsPostgres start(
            Path dir, TestCertificates.ServerCertificate certificate, String adminUser, String adminPassword)
            throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(dir);
        // The server user must reach its files from the folder above.
        Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path key = Files.copy(certificate.key, dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
        Path crt = Files.copy(certificate.certificate, dir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path passwordFile = Files.writeString(dir.resolve("admin-password"), adminPassword);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        if (root) {
            chown(dir);
        }
        Path data = dir.resolve("data");
        int port = FreePorts.any();
        TlsPostgres server = new TlsPostgres(data, port, root);
        try {
            server.run(
                    "initdb",
                    List.of(
                            "-D",
                            data.toString(),
                            "-U",
                            adminUser,
                            "--pwfile",
                            passwordFile.toString(),
                            "--auth-local=trust",
                            "--auth-host=scram-sha-256",
                            "-E",
                            "UTF8",
                            "--no-sync",
                            "--no-instructions"));
        } finally {
            Files.delete(passwordFile);
        }
        // Only TLS with a password over TCP: a plaintext connection finds no pg_hba line and is refused.
        Files.writeString(data.resolve("pg_hba.conf"), """
                local   all   all                  trust
                hostssl all   all   127.0.0.1/32   scram-sha-256
                """);
        Files.writeString(
                data.resolve("postgresql.conf"),
                String.join(
                        "\n",
                        "port = " + port,
                        "listen_addresses = '127.0.0.1'",
                        "unix_socket_directories = '" + dir + "'",
                        "ssl = on",
                        "ssl_cert_file = '" + crt + "'",
                        "ssl_key_file = '" + key + "'",
                        "ssl_min_protocol_version = 'TLSv1.2'",
                        "password_encryption = 'scram-sha-256'",
                        "max_connections = 40",
                        "shared_buffers = 32MB",
                        // A scratch server: durability buys nothing here and costs the test time.
                        "fsync = off",
                        "synchronous_commit = off",
                        "full_page_writes = off",
                        ""),
                StandardOpenOption.APPEND);
        server.run(
                "pg_ctl",
                List.of("-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "30", "start"));
        return server;
    }

    /** The server's JDBC URL prefix, e.g. {@code jdbc:postgresql://127.0.0.1:54321}. */
    String server() {
        return "jdbc:postgresql://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("pg_ctl", List.of("-D", dataDir.toString(), "-m", "immediate", "-w", "stop"));
    }

    private void run(String binary, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asServerUser) {
            command.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
        }
        command.add(BIN.resolve(binary).toString());
        command.addAll(args);
        ExternalCommand.run(binary, command, Map.of(), TIMEOUT);
    }

    private static void chown(Path dir) throws IOException {
        UserPrincipal owner =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.setOwner(file, owner);
            }
        }
    }
}
