package com.heartbeatmonitor.security;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How a Kafka client of this project secures its connection: the client properties for
 * {@code security.protocol}, SASL and TLS, resolved and checked by {@link KafkaSecurityOptions}. Every
 * Kafka client (the job's source and alert sink, its preflight admin client, the generator, the run
 * commands) applies the same object, so they cannot disagree. Serializable because the job's source
 * and sink carry it to the TaskManagers. {@link #toString()} never shows a secret.
 */
public final class KafkaSecurity implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String PROTOCOL = "security.protocol";
    public static final String MECHANISM = "sasl.mechanism";
    public static final String JAAS = "sasl.jaas.config";

    /** Plaintext and unauthenticated: the local stack's loopback-only broker. */
    public static final KafkaSecurity PLAINTEXT = new KafkaSecurity(Map.of(PROTOCOL, "PLAINTEXT"), "");

    private final TreeMap<String, String> properties;
    private final String username;

    KafkaSecurity(Map<String, String> properties, String username) {
        this.properties = new TreeMap<>(properties);
        this.username = username;
    }

    /** SASL_SSL with SCRAM: for tests and callers that hold the values already (e.g. from a vault). */
    public static KafkaSecurity scram(
            String mechanism,
            String username,
            String password,
            String truststore,
            String truststoreType,
            String truststorePassword) {
        Map<String, String> p = new TreeMap<>();
        p.put(PROTOCOL, "SASL_SSL");
        p.put(MECHANISM, mechanism);
        p.put(JAAS, scramJaas(username, password));
        if (truststore != null) {
            p.put("ssl.truststore.location", truststore);
            p.put("ssl.truststore.type", truststoreType);
            if (truststorePassword != null && !truststorePassword.isEmpty()) {
                p.put("ssl.truststore.password", truststorePassword);
            }
        }
        return new KafkaSecurity(p, username);
    }

    /** The JAAS line of a SCRAM login; quotes and backslashes in the values are escaped. */
    static String scramJaas(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + escape(username)
                + "\" password=\"" + escape(password) + "\";";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** security.protocol: PLAINTEXT, SSL or SASL_SSL. */
    public String protocol() {
        return properties.getOrDefault(PROTOCOL, "PLAINTEXT");
    }

    public boolean isPlaintext() {
        return "PLAINTEXT".equals(protocol());
    }

    /** The SASL user, or empty. */
    public String username() {
        return username;
    }

    /** The client properties to add to a producer's, consumer's or admin client's configuration. */
    public Map<String, String> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** Adds the security properties to {@code config} (they win over what is there) and returns it. */
    public Properties applyTo(Properties config) {
        config.putAll(properties);
        return config;
    }

    /** A line for logs: protocol, mechanism, user and truststore; never a password. */
    public String describe() {
        StringBuilder s = new StringBuilder(protocol());
        if (properties.containsKey(MECHANISM)) {
            s.append(' ').append(properties.get(MECHANISM));
        }
        if (!username.isEmpty()) {
            s.append(" as ").append(username);
        }
        if (properties.containsKey("ssl.truststore.location")) {
            s.append(", truststore ").append(properties.get("ssl.truststore.location"));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        Set<String> keys = properties.keySet();
        return "KafkaSecurity[" + describe() + ", properties=" + keys.stream().collect(Collectors.joining(",")) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaSecurity other
                && properties.equals(other.properties)
                && username.equals(other.username);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }
}
