package com.heartbeatmonitor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Each variable is written once, in its flag's default; messages, help and docs read it from there. */
class OptionEnvironmentTest {

    @Test
    void theVariableAndDefaultComeFromTheFlagsDeclaration() {
        CommandLine cli = new CommandLine(new KafkaSecurityOptions());
        OptionSpec mechanism = cli.getCommandSpec().findOption("--kafka-sasl-mechanism");
        assertThat(OptionEnvironment.variable(mechanism)).contains("HEARTBEAT_KAFKA_SASL_MECHANISM");
        assertThat(OptionEnvironment.fallback(mechanism)).isEqualTo("SCRAM-SHA-512");
        OptionSpec truststore = cli.getCommandSpec().findOption("--kafka-truststore");
        assertThat(OptionEnvironment.fallback(truststore)).isNull();
        assertThat(OptionEnvironment.flagAndVariable(KafkaSecurityOptions.class, "--kafka-truststore"))
                .isEqualTo("--kafka-truststore (HEARTBEAT_KAFKA_TRUSTSTORE)");
        assertThat(KafkaSecurityOptions.TLS_HINT).startsWith("--kafka-truststore (HEARTBEAT_KAFKA_TRUSTSTORE)");
    }

    @Test
    void aFlagWithoutAVariableIsNotNamedAsIfItHadOne() {
        assertThatThrownBy(() -> OptionEnvironment.variable(KafkaSecurityOptions.class, "--no-such-flag"))
                .hasMessageContaining("no flag --no-such-flag");
    }

    @Test
    void theHelpListsEachFlagsVariable() {
        String help = OptionEnvironment.withEnvironmentHelp(new CommandLine(new KafkaSecurityOptions()))
                .getUsageMessage();
        assertThat(help)
                .contains("Each flag falls back to its environment variable, then to its default:")
                .containsPattern("--kafka-sasl-username +HEARTBEAT_KAFKA_SASL_USERNAME")
                .containsPattern("--kafka-client-properties +HEARTBEAT_KAFKA_CLIENT_PROPERTIES")
                .doesNotContain("(env HEARTBEAT_");
    }
}
