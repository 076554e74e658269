package com.heartbeatmonitor.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The Kafka client security flags, as a picocli mixin: add it to a command with
 * {@code @Mixin KafkaSecurityOptions kafkaSecurity;} and call {@link #resolve()} once the arguments are
 * parsed. Each flag falls back to an environment variable. The SASL password is never a flag value
 * (program arguments show up in process lists and in Flink's web UI): it comes from
 * {@value #PASSWORD_ENV} or from the file that --kafka-sasl-password-file names.
 */
public final class KafkaSecurityOptions {

    public static final String PASSWORD_ENV = "HEARTBEAT_KAFKA_SASL_PASSWORD";
    public static final String TRUSTSTORE_PASSWORD_ENV = "HEARTBEAT_KAFKA_TRUSTSTORE_PASSWORD";

    /** What to check when the broker refuses the login: for messages at start. */
    public static final String CREDENTIALS_HINT = withVariable("--kafka-sasl-username") + " and the password in "
            + PASSWORD_ENV + " or the file of " + withVariable("--kafka-sasl-password-file");
    /** What to check when the TLS handshake fails. */
    public static final String TLS_HINT = withVariable("--kafka-truststore") + ": it must hold the CA that "
            + "signed the broker's certificate, and the broker's certificate must name the host in the bootstrap "
            + "servers";
    /** What to check when the broker does not answer at all: often a protocol that does not match the listener. */
    public static final String PROTOCOL_HINT = withVariable("--kafka-security-protocol") + " must match "
            + "the broker's listener (PLAINTEXT, SSL or SASL_SSL)";

    /** {@code --flag (VARIABLE)} of one of these flags, for the messages that say what to fix. */
    private static String withVariable(String flag) {
        return OptionEnvironment.flagAndVariable(KafkaSecurityOptions.class, flag);
    }

    static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_SSL");
    static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256");

    @Option(
            names = "--kafka-security-protocol",
            defaultValue = "${env:HEARTBEAT_KAFKA_SECURITY_PROTOCOL}",
            description = "PLAINTEXT, SSL or SASL_SSL. Default: SASL_SSL when a SASL user is set, SSL when only a"
                    + " truststore is, else PLAINTEXT.")
    String protocol;

    @Option(
            names = "--kafka-sasl-mechanism",
            defaultValue = "${env:HEARTBEAT_KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}",
            description = "SCRAM-SHA-512 or SCRAM-SHA-256.")
    String mechanism;

    @Option(
            names = "--kafka-sasl-username",
            defaultValue = "${env:HEARTBEAT_KAFKA_SASL_USERNAME}",
            description = "SASL/SCRAM user. Its password: env " + PASSWORD_ENV + ", or --kafka-sasl-password-file.")
    String username;

    @Option(
            names = "--kafka-sasl-password-file",
            defaultValue = "${env:HEARTBEAT_KAFKA_SASL_PASSWORD_FILE}",
            description = "File holding the SASL password, e.g. a Docker secret.")
    String passwordFile;

    @Option(
            names = "--kafka-truststore",
            defaultValue = "${env:HEARTBEAT_KAFKA_TRUSTSTORE}",
            description = "CA certificates to verify the broker with: PEM, PKCS12 or JKS (its password, if any, in"
                    + " env " + TRUSTSTORE_PASSWORD_ENV + "). Default: the JVM's CAs.")
    String truststore;

    @Option(
            names = "--kafka-truststore-type",
            defaultValue = "${env:HEARTBEAT_KAFKA_TRUSTSTORE_TYPE}",
            description = "PEM, PKCS12 or JKS. Default: PEM for .pem/.crt, else PKCS12.")
    String truststoreType;

    @Option(
            names = "--kafka-client-properties",
            defaultValue = "${env:HEARTBEAT_KAFKA_CLIENT_PROPERTIES}",
            description = "A Kafka client properties file with security settings (security.protocol, sasl.*, ssl.*),"
                    + " as for kafka-console-producer --producer.config; the flags above win.")
    String clientProperties;

    /** Resolves the flags with the process environment (for the password). */
    public KafkaSecurity resolve() {
        return resolve(System.getenv());
    }

    /**
     * Resolves and checks the flags; {@code environment} supplies {@value #PASSWORD_ENV} and
     * {@value #TRUSTSTORE_PASSWORD_ENV}. Throws {@link IllegalArgumentException} saying which flag to fix.
     */
    public KafkaSecurity resolve(Map<String, String> environment) {
        Map<String, String> p = new TreeMap<>();
        if (present(clientProperties)) {
            p.putAll(readClientProperties(Path.of(clientProperties.trim())));
        }
        if (present(protocol)) {
            p.put(KafkaSecurity.PROTOCOL, protocol.trim().toUpperCase(Locale.ROOT));
        }

        String password = password(environment);
        String user = present(username) ? username.trim() : "";
        if (!user.isEmpty() || password != null) {
            require(
                    !user.isEmpty(),
                    "A Kafka SASL password is set (" + PASSWORD_ENV + " or --kafka-sasl-password-file) "
                            + "but no user: set " + withVariable("--kafka-sasl-username"));
            require(
                    password != null && !password.isEmpty(),
                    "--kafka-sasl-username " + user + " has no password: set " + PASSWORD_ENV + " or "
                            + withVariable("--kafka-sasl-password-file"));
            String m = present(mechanism) ? mechanism.trim().toUpperCase(Locale.ROOT) : "SCRAM-SHA-512";
            require(MECHANISMS.contains(m), "--kafka-sasl-mechanism '" + mechanism + "' must be one of " + MECHANISMS);
            p.put(KafkaSecurity.MECHANISM, m);
            p.put(KafkaSecurity.JAAS, KafkaSecurity.scramJaas(user, password));
            p.putIfAbsent(KafkaSecurity.PROTOCOL, "SASL_SSL");
        }

        if (present(truststore)) {
            Path truststore = Path.of(this.truststore.trim());
            require(Files.isReadable(truststore), "--kafka-truststore " + truststore + " is not a readable file");
            String type = present(truststoreType) ? truststoreType.trim().toUpperCase(Locale.ROOT) : typeOf(truststore);
            require(
                    Set.of("PEM", "PKCS12", "JKS").contains(type),
                    "--kafka-truststore-type '" + truststoreType + "' must be PEM, PKCS12 or JKS");
            p.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
            p.put("ssl.truststore.type", type);
            String storePassword = environment.get(TRUSTSTORE_PASSWORD_ENV);
            if (present(storePassword)) {
                require(
                        !"PEM".equals(type),
                        TRUSTSTORE_PASSWORD_ENV + " is set, but a PEM truststore has no password: unset it");
                p.put("ssl.truststore.password", storePassword);
            }
            p.putIfAbsent(KafkaSecurity.PROTOCOL, "SSL");
        }

        String effective = p.getOrDefault(KafkaSecurity.PROTOCOL, "PLAINTEXT");
        require(
                PROTOCOLS.contains(effective),
                "--kafka-security-protocol '" + effective + "' must be one of "
                        + PROTOCOLS
                        + (effective.startsWith("SASL_PLAIN")
                                ? ": SASL_PLAINTEXT would send every reading unencrypted; use SASL_SSL"
                                : ""));
        p.put(KafkaSecurity.PROTOCOL, effective);
        if (effective.equals("SASL_SSL")) {
            require(
                    p.containsKey(KafkaSecurity.JAAS),
                    "--kafka-security-protocol SASL_SSL needs a login: set "
                            + withVariable("--kafka-sasl-username") + " and " + PASSWORD_ENV
                            + " or --kafka-sasl-password-file");
        } else {
            require(
                    !p.containsKey(KafkaSecurity.JAAS),
                    "A Kafka SASL login is set but --kafka-security-protocol is " + effective
                            + ": use SASL_SSL, or drop the login");
        }
        if (effective.equals("PLAINTEXT")) {
            require(
                    p.keySet().stream().noneMatch(k -> k.startsWith("ssl.")),
                    "TLS settings (--kafka-truststore or ssl.* "
                            + "in --kafka-client-properties) are set but --kafka-security-protocol is PLAINTEXT: "
                            + "use SSL or SASL_SSL");
        }
        require(
                !"".equals(p.get("ssl.endpoint.identification.algorithm")),
                "ssl.endpoint.identification.algorithm is empty in --kafka-client-properties: that turns off the "
                        + "check that the broker's certificate names the broker; remove the line and give the broker "
                        + "a certificate with its host name");
        return new KafkaSecurity(p, user);
    }

    private String password(Map<String, String> environment) {
        String fromEnv = environment.get(PASSWORD_ENV);
        if (present(passwordFile)) {
            require(
                    !present(fromEnv),
                    "The Kafka SASL password is set twice, in " + PASSWORD_ENV
                            + " and --kafka-sasl-password-file: keep one");
            try {
                return Files.readString(Path.of(passwordFile.trim()), StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--kafka-sasl-password-file " + passwordFile + " cannot be read: " + e);
            }
        }
        return present(fromEnv) ? fromEnv : null;
    }

    /** Only security settings: everything else about a client is the program's own business. */
    private static Map<String, String> readClientProperties(Path file) {
        Properties loaded = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-client-properties " + file + " cannot be read: " + e);
        }
        Map<String, String> p = new TreeMap<>();
        for (String key : loaded.stringPropertyNames()) {
            require(
                    key.equals(KafkaSecurity.PROTOCOL) || key.startsWith("sasl.") || key.startsWith("ssl."),
                    "--kafka-client-properties " + file + " sets '" + key + "': only security settings "
                            + "(security.protocol, sasl.*, ssl.*) are read from it; set the rest by their own flags");
            p.put(key, loaded.getProperty(key).trim());
        }
        return p;
    }

    private static String typeOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt")) {
            return "PEM";
        }
        return name.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
