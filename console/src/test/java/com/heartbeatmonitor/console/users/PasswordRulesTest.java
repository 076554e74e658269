package com.heartbeatmonitor.console.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordRulesTest {

    @Test
    void passwordsAsComposeAcceptsThemAndNoLongerThanBcryptReads() {
        assertThat(PasswordRules.problem("")).contains("is not set");
        assertThat(PasswordRules.problem("change-me-console")).get().asString().startsWith("is still the example");
        assertThat(PasswordRules.problem("elevenchars")).contains("is shorter than 12 characters");
        assertThat(PasswordRules.problem("twelve-chars")).isEmpty();
        assertThat(PasswordRules.problem("x".repeat(72))).isEmpty();
        assertThat(PasswordRules.problem("x".repeat(73))).get().asString().contains("bcrypt");
    }

    @Test
    void userNames() {
        assertThat(PasswordRules.usernameProblem("ann.smith@care")).isEmpty();
        assertThat(PasswordRules.usernameProblem("ann smith")).isPresent();
        assertThat(PasswordRules.usernameProblem("x".repeat(65))).isPresent();
    }

    @Test
    void eachRoleMayDoWhatTheOnesBelowMay() {
        assertThat(Role.VIEWER.authorities()).containsExactly("ROLE_VIEWER");
        assertThat(Role.ADMIN.authorities()).containsExactly("ROLE_VIEWER", "ROLE_CARER", "ROLE_ADMIN");
    }
}
