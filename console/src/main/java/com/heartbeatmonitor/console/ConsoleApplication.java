package com.heartbeatmonitor.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * {@code java -jar heartbeat-console.jar}: the care console. Its settings come from the environment
 * ({@link ConsoleConfig}), checked before Spring starts; a wrong one ends the process with exit code 2 and the
 * variable to fix.
 */
@SpringBootApplication
public class ConsoleApplication {

    static final int EXIT_CONFIG = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApplication.class);

    public static void main(String[] args) {
        ConsoleConfig config;
        try {
            config = ConsoleConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("heartbeat-console: " + e.getMessage().replace("\n", "\nheartbeat-console: "));
            System.exit(EXIT_CONFIG);
            return;
        }
        if (config.reachableFromElsewhere() && config.tls().isEmpty()) {
            LOG.warn(
                    "Listening on {} without TLS: passwords and health data cross the network in clear unless a proxy"
                            + " in front terminates TLS (set {} for HTTPS)",
                    config.address(),
                    ConsoleConfig.TLS_KEYSTORE);
        }
        SpringApplication app = new SpringApplication(ConsoleApplication.class);
        app.setDefaultProperties(config.springProperties());
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("consoleConfig", config));
        app.run(args);
        LOG.info("Care console on {}", config.url());
    }
}
