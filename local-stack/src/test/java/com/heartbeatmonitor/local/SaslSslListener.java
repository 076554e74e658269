package com.heartbeatmonitor.local;

import com.heartbeatmonitor.security.KafkaSecurity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A broker client listener that speaks SASL_SSL only, with SCRAM-SHA-512: {@code keystore} (PKCS12)
 * holds the broker's key and certificate, {@code caPem} the CA that signed it. {@code users} are created
 * at format time with their passwords; {@code superUser} (one of them) is what the broker itself and its
 * admin client log in as.
 */
record SaslSslListener(Path keystore, String keystorePassword, Path caPem, Map<String, String> users, String superUser)
        implements KafkaBroker.ClientListener {

    private static final String SCRAM = "SCRAM-SHA-512";
    private static final String PROTOCOL = "SASL_SSL";

    SaslSslListener {
        if (!users.containsKey(superUser)) {
            throw new IllegalArgumentException("the super user " + superUser + " must be one of the users");
        }
    }

    /** How a client logs in as {@code user} (one of {@link #users()}), trusting the CA. */
    KafkaSecurity client(String user) {
        return KafkaSecurity.scram(
                SCRAM, user, users.get(user), caPem.toAbsolutePath().toString(), "PEM", null);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public Map<String, String> serverProperties() {
        return Map.of(
                "sasl.enabled.mechanisms",
                SCRAM,
                "sasl.mechanism.inter.broker.protocol",
                SCRAM,
                "listener.name.sasl_ssl." + SCRAM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                client(superUser).properties().get(KafkaSecurity.JAAS),
                "super.users",
                "User:" + superUser,
                "ssl.keystore.location",
                keystore.toAbsolutePath().toString(),
                "ssl.keystore.type",
                "PKCS12",
                "ssl.keystore.password",
                keystorePassword,
                "ssl.key.password",
                keystorePassword,
                "ssl.truststore.location",
                caPem.toAbsolutePath().toString(),
                "ssl.truststore.type",
                "PEM");
    }

    /** SCRAM credentials live in the cluster metadata; formatting writes them before the first start. */
    @Override
    public List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        users.forEach((user, password) ->
                args.addAll(List.of("--add-scram", SCRAM + "=[name=" + user + ",password=" + password + "]")));
        return args;
    }

    @Override
    public KafkaSecurity admin() {
        return client(superUser);
    }

    @Override
    public String toString() {
        return "SaslSslListener[keystore=" + keystore + ", ca=" + caPem + ", users=" + users.keySet() + ", super="
                + superUser + "]";
    }
}
