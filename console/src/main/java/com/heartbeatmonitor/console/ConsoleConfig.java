package com.heartbeatmonitor.console;

import com.heartbeatmonitor.console.users.PasswordRules;
import com.heartbeatmonitor.security.ExampleSecrets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's settings, from the environment only (passwords never on a command line), checked before Spring
 * starts so that a wrong one fails at once naming the variable to fix. {@link #springProperties()} hands them to
 * Spring Boot as its properties.
 */
public record ConsoleConfig(
        String address,
        int port,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        Optional<Tls> tls,
        Optional<FirstAdmin> firstAdmin) {

    public static final String ADDRESS = "HEARTBEAT_CONSOLE_ADDRESS";
    public static final String PORT = "HEARTBEAT_CONSOLE_PORT";
    public static final String JDBC_URL = "HEARTBEAT_CONSOLE_JDBC_URL";
    public static final String DB_USER = "HEARTBEAT_CONSOLE_DB_USER";
    public static final String DB_PASSWORD = "HEARTBEAT_CONSOLE_DB_PASSWORD";
    public static final String TLS_KEYSTORE = "HEARTBEAT_CONSOLE_TLS_KEYSTORE";
    public static final String TLS_KEYSTORE_PASSWORD = "HEARTBEAT_CONSOLE_TLS_KEYSTORE_PASSWORD";
    public static final String ADMIN_USER = "HEARTBEAT_CONSOLE_ADMIN_USER";
    public static final String ADMIN_PASSWORD = "HEARTBEAT_CONSOLE_ADMIN_PASSWORD";
    /** Suffix of a variable naming a file that holds the value instead (a Docker or Kubernetes secret). */
    public static final String FILE_SUFFIX = "_FILE";

    /** Loopback: the console shows health data, so reaching it from elsewhere is a decision (TLS, a proxy). */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://localhost:5432/heartbeat";
    /** The role the migrate step creates for the console (sql/roles/grant-roles.sql). */
    public static final String DEFAULT_DB_USER = "heartbeat_console";

    /** HTTPS from a PKCS#12 key store. */
    public record Tls(Path keyStore, String password) {
        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + "]";
        }
    }

    /** The admin created at start when no enabled admin exists yet. */
    public record FirstAdmin(String username, String password) {
        @Override
        public String toString() {
            return "FirstAdmin[username=" + username + "]";
        }
    }

    @Override
    public String toString() {
        return "ConsoleConfig[address=" + address + ", port=" + port + ", jdbcUrl=" + jdbcUrl + ", dbUser=" + dbUser
                + ", tls=" + tls + ", firstAdmin=" + firstAdmin + "]";
    }

    /** Reads and checks every setting; throws {@link IllegalArgumentException} listing every problem at once. */
    public static ConsoleConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String address = env.getOrDefault(ADDRESS, DEFAULT_ADDRESS);
        try {
            InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            problems.add(ADDRESS + " '" + address + "' is not an address of this host (e.g. 127.0.0.1)");
        }
        int port = DEFAULT_PORT;
        String portText = env.get(PORT);
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.strip());
                if (port < 1 || port > 65_535) {
                    problems.add(PORT + " " + port + " is not a TCP port (1-65535)");
                }
            } catch (NumberFormatException e) {
                problems.add(PORT + " '" + portText + "' is not a number");
            }
        }
        String dbPassword = secret(env, DB_PASSWORD, problems);
        if (ExampleSecrets.isExample(dbPassword)) {
            problems.add(DB_PASSWORD + " is still the example value from .env.example: set a secret of your own");
        }
        Optional<Tls> tls = Optional.empty();
        String keyStore = env.get(TLS_KEYSTORE);
        String keyStorePassword = secret(env, TLS_KEYSTORE_PASSWORD, problems);
        if (keyStore != null && !keyStore.isBlank()) {
            Path path = Path.of(keyStore);
            if (!Files.isReadable(path)) {
                problems.add(TLS_KEYSTORE + " " + path + " cannot be read: it must name a PKCS#12 key store");
            }
            if (keyStorePassword.isEmpty() || ExampleSecrets.isExample(keyStorePassword)) {
                problems.add(TLS_KEYSTORE_PASSWORD + " (or " + TLS_KEYSTORE_PASSWORD + FILE_SUFFIX
                        + ") must hold the key store's password, not empty nor an example value");
            }
            tls = Optional.of(new Tls(path, keyStorePassword));
        }
        Optional<FirstAdmin> firstAdmin = Optional.empty();
        String adminUser = env.get(ADMIN_USER);
        String adminPassword = secret(env, ADMIN_PASSWORD, problems);
        if (adminUser != null && !adminUser.isBlank()) {
            PasswordRules.problem(adminPassword)
                    .ifPresent(p -> problems.add(ADMIN_PASSWORD + " (or " + ADMIN_PASSWORD + FILE_SUFFIX + ") " + p));
            PasswordRules.usernameProblem(adminUser).ifPresent(p -> problems.add(ADMIN_USER + " " + p));
            firstAdmin = Optional.of(new FirstAdmin(adminUser.strip(), adminPassword));
        } else if (!adminPassword.isEmpty()) {
            problems.add(ADMIN_PASSWORD + " is set but " + ADMIN_USER + " is not: name the first admin");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator(), problems));
        }
        return new ConsoleConfig(
                address,
                port,
                env.getOrDefault(JDBC_URL, DEFAULT_JDBC_URL),
                env.getOrDefault(DB_USER, DEFAULT_DB_USER),
                dbPassword,
                tls,
                firstAdmin);
    }

    /** Whether a person on another machine can reach it: then it should be HTTPS (or behind a proxy that is). */
    public boolean reachableFromElsewhere() {
        try {
            return !InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** The URL to print. */
    public String url() {
        String host = address.contains(":") ? "[" + address + "]" : address;
        return (tls.isPresent() ? "https" : "http") + "://" + host + ":" + port + "/";
    }

    /** Spring Boot's properties for these settings. */
    public Map<String, Object> springProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.address", address);
        props.put("server.port", port);
        props.put("spring.datasource.url", jdbcUrl);
        props.put("spring.datasource.username", dbUser);
        props.put("spring.datasource.password", dbPassword);
        tls.ifPresent(t -> {
            props.put("server.ssl.enabled", true);
            props.put("server.ssl.key-store", t.keyStore().toAbsolutePath().toString());
            props.put("server.ssl.key-store-type", "PKCS12");
            props.put("server.ssl.key-store-password", t.password());
        });
        return props;
    }

    /** A secret from {@code NAME} or from the file {@code NAME_FILE}, not both; empty when neither is set. */
    static String secret(Map<String, String> env, String name, List<String> problems) {
        String value = env.get(name);
        String file = env.get(name + FILE_SUFFIX);
        if (file == null || file.isBlank()) {
            return value == null ? "" : value;
        }
        if (value != null && !value.isEmpty()) {
            problems.add(name + " and " + name + FILE_SUFFIX + " are both set: keep one");
            return value;
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            problems.add(name + FILE_SUFFIX + " " + file + " cannot be read: " + e.getMessage());
            return "";
        }
    }
}
