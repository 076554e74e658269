package com.heartbeatmonitor.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run commands' side of the rule compose enforces with {@code compose/check-secrets.sh}: the example
 * passwords of {@code .env.example} (they all begin with {@code change-me}) are refused, so a copied
 * example file cannot become a deployment's credentials. An empty password stays allowed here: with
 * trust or peer authentication the roles need none. Here, beside the other credential settings, because the run
 * commands and the care console (its users' passwords) refuse the same examples.
 */
public final class ExampleSecrets {

    public static final String EXAMPLE_PREFIX = "change-me";

    private ExampleSecrets() {}

    /** Whether the password is one of .env.example's examples. */
    public static boolean isExample(String password) {
        return password != null && password.startsWith(EXAMPLE_PREFIX);
    }

    /** One line per password, by the setting that carries it, that is still an example value; empty when none is. */
    public static List<String> problems(Map<String, String> passwordsBySetting) {
        List<String> problems = new ArrayList<>();
        passwordsBySetting.forEach((setting, password) -> {
            if (isExample(password)) {
                problems.add(setting + " is still the example value from .env.example: set a secret of your own"
                        + " (e.g. openssl rand -base64 24), or leave it empty for trust authentication");
            }
        });
        return problems;
    }
}
