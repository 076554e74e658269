package com.heartbeatmonitor.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.heartbeatmonitor.console.users.ConsoleUsers;
import com.heartbeatmonitor.console.users.Role;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The console's security with its real configuration, on a real database migrated by the migrate step and reached as
 * the console's own role: anonymous requests get the sign-in page and nothing else, a viewer cannot act, a POST
 * without the CSRF token is refused, sign-ins are audited, and the role cannot change what the job wrote.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ConsoleSecurityTest {

    private static final String CUSTOMER = "customer-sec-0042";
    private static final String PASSWORD = "a-long-test-password-1";
    private static ConsoleDatabase database;

    @Autowired
    MockMvc mvc;

    @Autowired
    ConsoleUsers users;

    @Autowired
    JdbcClient jdbc;

    private UUID alertId;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        database = ConsoleDatabase.create();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void drop() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void seed() throws Exception {
        for (Role role : Role.values()) {
            String name = role.name().toLowerCase(java.util.Locale.ROOT);
            if (users.find(name).isEmpty()) {
                users.create(name, PASSWORD, role, "test");
            }
        }
        alertId = UUID.randomUUID();
        try (Connection admin = database.admin();
                Statement statement = admin.createStatement()) {
            statement.execute("INSERT INTO alerts (alert_id, customer_id, alert_type, severity, status, started_at,"
                    + " detected_at, peak_bpm, readings, revision, high_bpm, low_bpm) VALUES ('" + alertId + "', '"
                    + CUSTOMER + "', 'TACHYCARDIA', 'CRITICAL', 'OPEN', now() - interval '5 min',"
                    + " now() - interval '4 min', 181, 120, 2, 120, 45)");
        }
    }

    @Test
    void anonymousGetsTheSignInPageAndNoHealthData() throws Exception {
        for (String page : List.of("/", "/customers/" + CUSTOMER, "/users", "/alerts/" + alertId + "/actions")) {
            MvcResult result = mvc.perform(get(page)).andReturn();
            assertThat(result.getResponse().getStatus()).as(page).isIn(302, 401);
            if (result.getResponse().getStatus() == 302) {
                assertThat(result.getResponse().getRedirectedUrl()).as(page).endsWith("/login");
            }
            assertThat(result.getResponse().getContentAsString())
                    .as(page)
                    .doesNotContain(CUSTOMER)
                    .doesNotContain("181");
        }
        mvc.perform(get("/login")).andExpect(status().isOk());
        mvc.perform(get("/console.css")).andExpect(status().isOk());
        MvcResult anonymousPost =
                mvc.perform(action("ACKNOWLEDGE").with(csrf())).andReturn();
        assertThat(anonymousPost.getResponse().getStatus()).isIn(302, 401, 403);
        assertThat(actions()).isZero();
    }

    @Test
    void aViewerReadsButCannotAct() throws Exception {
        String page = mvc.perform(get("/").with(as("viewer")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(CUSTOMER).contains("181 bpm").doesNotContain("Acknowledge</button>");
        mvc.perform(action("ACKNOWLEDGE").with(as("viewer")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/customers/" + CUSTOMER + "/settings")
                        .param("highBpm", "130")
                        .with(as("viewer"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/users").with(as("viewer"))).andExpect(status().isForbidden());
        mvc.perform(get("/users").with(as("carer"))).andExpect(status().isForbidden());
        mvc.perform(get("/users").with(as("admin"))).andExpect(status().isOk());
        assertThat(actions()).isZero();
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(action("ACKNOWLEDGE").with(as("carer"))).andExpect(status().isForbidden());
        mvc.perform(action("ACKNOWLEDGE").with(as("carer")).with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        assertThat(actions()).isZero();
    }

    @Test
    void aCarerActsOnTheAlertWithTheRevisionAndSeverityOnScreen() throws Exception {
        mvc.perform(action("SNOOZE").param("snooze", "PT1H").with(as("carer")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"));
        assertThat(jdbc.sql("SELECT actor || ' ' || action || ' r' || revision || ' ' || severity || ' ' || note"
                                + " || ' ' || (snooze_until - acted_at BETWEEN interval '59 min' AND interval '61 min')"
                                + " FROM alert_actions WHERE alert_id = ?")
                        .param(alertId)
                        .query(String.class)
                        .single())
                .isEqualTo("carer SNOOZE r2 CRITICAL on it true");
    }

    @Test
    void signInsAndRefusedOnesAreAudited() throws Exception {
        mvc.perform(formLogin("/login").user("carer").password(PASSWORD))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"));
        mvc.perform(formLogin("/login").user("carer").password("not-the-password-at-all"))
                .andExpect(redirectedUrl("/login?error"));
        assertThat(jdbc.sql("SELECT action FROM console_audit WHERE actor = 'carer' AND action LIKE 'SIGN_IN%'"
                                + " ORDER BY audit_id")
                        .query(String.class)
                        .list())
                .containsSubsequence("SIGN_IN", "SIGN_IN_REFUSED");
    }

    @Test
    void theConsolesRoleCannotChangeWhatTheJobWroteNorRewriteTheAudit() {
        assertThatThrownBy(() -> jdbc.sql("UPDATE alerts SET status = 'CLOSED'").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("permission denied for table alerts");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM alert_actions").update())
                .rootCause()
                .hasMessageContaining("permission denied for table alert_actions");
        assertThatThrownBy(
                        () -> jdbc.sql("UPDATE console_audit SET actor = 'x'").update())
                .rootCause()
                .hasMessageContaining("permission denied for table console_audit");
        assertThatThrownBy(() -> jdbc.sql("SELECT count(*) FROM heartbeats")
                        .query(Long.class)
                        .single())
                .rootCause()
                .hasMessageContaining("permission denied for table heartbeats");
    }

    private MockHttpServletRequestBuilder action(String action) {
        return post("/alerts/" + alertId + "/actions")
                .param("action", action)
                .param("revision", "2")
                .param("severity", "CRITICAL")
                .param("note", "on it");
    }

    private org.springframework.test.web.servlet.request.RequestPostProcessor as(String name) {
        return user(users.loadUserByUsername(name));
    }

    private long actions() {
        return jdbc.sql("SELECT count(*) FROM alert_actions WHERE alert_id = ?")
                .param(alertId)
                .query(Long.class)
                .single();
    }
}
