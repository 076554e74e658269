package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.heartbeatmonitor.migrate.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Grafana cannot run here, so the alerting example in dashboards/provisioning/alerting is checked against Grafana's
 * documented file-provisioning format (alerting "Use configuration files to provision alerting resources": apiVersion
 * 1; contactPoints[].name and receivers[].uid/type/settings; groups[].name/folder/interval and rules[] with
 * uid/title/condition/data/for; policies[].receiver), its references against each other and the provisioned data
 * source, its environment variables against the overlay and .env.example, and its query against the real schema
 * as the dashboards' read-only role.
 */
class GrafanaAlertingProvisioningTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path ALERTING = REPO.resolve("dashboards/provisioning/alerting");
    private static final Path DATASOURCE = REPO.resolve("dashboards/provisioning/datasources/postgres.yaml");
    private static final Path OVERLAY = REPO.resolve("docker-compose.grafana-alerting.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Contact point types of the documented format and the setting each requires. */
    private static final java.util.Map<String, String> REQUIRED_SETTING =
            java.util.Map.of("email", "addresses", "webhook", "url", "slack", "url", "prometheus-alertmanager", "url");

    private static final Set<String> NO_DATA_STATES = Set.of("NoData", "Alerting", "OK");
    private static final Set<String> EXEC_ERROR_STATES = Set.of("Error", "Alerting", "OK");
    private static final String EXPRESSION_UID = "__expr__";
    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h|d)");
    private static final Pattern ENV = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    private static List<JsonNode> files() throws Exception {
        List<JsonNode> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(ALERTING)) {
            for (Path p : paths.sorted().toList()) {
                assertThat(p.getFileName().toString()).endsWith(".yaml");
                JsonNode file = YAML.readTree(p.toFile());
                assertThat(file.path("apiVersion").asInt())
                        .as(p + ": apiVersion")
                        .isEqualTo(1);
                files.add(file);
            }
        }
        return files;
    }

    private static List<JsonNode> all(String section) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode file : files()) {
            file.path(section).forEach(items::add);
        }
        return items;
    }

    @Test
    void contactPointsPoliciesAndRulesFollowTheDocumentedFormatAndReferToEachOther() throws Exception {
        Set<String> contactPoints = new HashSet<>();
        Set<String> receiverUids = new HashSet<>();
        for (JsonNode cp : all("contactPoints")) {
            assertThat(cp.path("orgId").asInt(1)).isEqualTo(1);
            assertThat(cp.path("name").asText()).isNotBlank();
            contactPoints.add(cp.get("name").asText());
            assertThat(cp.path("receivers").size()).isPositive();
            for (JsonNode receiver : cp.get("receivers")) {
                assertThat(receiverUids.add(receiver.path("uid").asText())).isTrue();
                String type = receiver.path("type").asText();
                assertThat(REQUIRED_SETTING).containsKey(type);
                assertThat(receiver.path("settings")
                                .path(REQUIRED_SETTING.get(type))
                                .asText())
                        .as("required setting of a " + type + " receiver")
                        .isNotBlank();
            }
        }
        assertThat(contactPoints).isNotEmpty();

        List<JsonNode> policies = all("policies");
        assertThat(policies).hasSize(1);
        assertThat(contactPoints).contains(policies.get(0).path("receiver").asText());
        for (String duration : List.of("group_wait", "group_interval", "repeat_interval")) {
            assertThat(policies.get(0).path(duration).asText()).matches(DURATION);
        }

        String datasourceUid = YAML.readTree(DATASOURCE.toFile())
                .get("datasources")
                .get(0)
                .get("uid")
                .asText();
        Set<String> ruleUids = new HashSet<>();
        List<JsonNode> groups = all("groups");
        assertThat(groups).isNotEmpty();
        for (JsonNode group : groups) {
            assertThat(group.path("name").asText()).isNotBlank();
            assertThat(group.path("folder").asText()).isNotBlank();
            assertThat(group.path("interval").asText()).matches(DURATION);
            assertThat(group.path("rules").size()).isPositive();
            for (JsonNode rule : group.get("rules")) {
                String uid = rule.path("uid").asText();
                // Grafana's rule uids: at most 40 characters of letters, digits, - and _.
                assertThat(uid).matches("[A-Za-z0-9_-]{1,40}");
                assertThat(ruleUids.add(uid)).isTrue();
                assertThat(rule.path("title").asText()).isNotBlank();
                assertThat(rule.path("for").asText()).matches(DURATION);
                assertThat(NO_DATA_STATES).contains(rule.path("noDataState").asText());
                assertThat(EXEC_ERROR_STATES).contains(rule.path("execErrState").asText());
                Set<String> refIds = new TreeSet<>();
                for (JsonNode query : rule.get("data")) {
                    String refId = query.path("refId").asText();
                    assertThat(refIds.add(refId)).isTrue();
                    assertThat(query.path("model").path("refId").asText()).isEqualTo(refId);
                    String source = query.path("datasourceUid").asText();
                    if (source.equals(EXPRESSION_UID)) {
                        assertThat(query.path("model").path("expression").asText())
                                .as("an expression refers to a query before it")
                                .isIn(refIds);
                    } else {
                        assertThat(source).isEqualTo(datasourceUid);
                        assertThat(query.path("relativeTimeRange").path("from").asInt())
                                .isPositive();
                    }
                }
                assertThat(refIds).contains(rule.path("condition").asText());
            }
        }
    }

    /**
     * Grafana reads $NAME and ${NAME} in provisioning files as environment variables; each one must be set by the
     * overlay and listed in .env.example, and no other $ may appear (a template's $labels would become empty).
     */
    @Test
    void everyEnvironmentVariableIsSetByTheOverlayAndListedInEnvExample() throws Exception {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> paths = Files.list(ALERTING)) {
            for (Path p : paths.toList()) {
                Matcher variable = ENV.matcher(Files.readString(p));
                while (variable.find()) {
                    used.add(variable.group(1));
                }
            }
        }
        assertThat(used).isNotEmpty();
        JsonNode grafana = YAML.readTree(OVERLAY.toFile()).get("services").get("grafana");
        Set<String> set = new TreeSet<>();
        grafana.get("environment").fieldNames().forEachRemaining(set::add);
        assertThat(set).containsAll(used);
        String envExample = Files.readString(REPO.resolve(".env.example"));
        for (String name : used) {
            assertThat(grafana.get("environment").get(name).asText()).startsWith("${" + name + ":?");
            assertThat(envExample).contains("\n" + name + "=");
        }
        List<String> mounted = new ArrayList<>();
        grafana.get("volumes").forEach(v -> mounted.add(v.asText()));
        assertThat(mounted).contains("./dashboards/provisioning/alerting:/etc/grafana/provisioning/alerting:ro");
    }

    /** The rule's query runs on the real schema as the read-only role, and gives one numeric value per alert. */
    @Test
    void theRuleQueryRunsAsTheReadOnlyRole() throws Exception {
        String sql = all("groups")
                .get(0)
                .get("rules")
                .get(0)
                .get("data")
                .get(0)
                .get("model")
                .get("rawSql")
                .asText();
        try (TestDatabase database = TestDatabase.create()) {
            try (Connection admin = database.connect();
                    Statement insert = admin.createStatement()) {
                insert.execute("INSERT INTO alerts (alert_id, customer_id, alert_type, severity, status, started_at,"
                        + " detected_at, ended_at, peak_bpm, readings, revision) VALUES"
                        + " (gen_random_uuid(), 'c-1', 'TACHYCARDIA', 'CRITICAL', 'OPEN',"
                        + " now(), now(), null, 170, 40, 2),"
                        + " (gen_random_uuid(), 'c-2', 'BRADYCARDIA', 'HIGH', 'CLOSED',"
                        + " now(), now(), now(), 38, 40, 2),"
                        + " (gen_random_uuid(), 'c-3', 'SIGNAL_LOST', 'WARNING', 'OPEN',"
                        + " now(), now(), null, null, 0, 1)");
            }
            try (Connection reader = Postgres.connect(database.url(), Roles.DEFAULT_READER, "");
                    Statement query = reader.createStatement();
                    ResultSet rs = query.executeQuery(sql)) {
                assertThat(rs.getMetaData().getColumnLabel(5)).isEqualTo("value");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("customer_id")).isEqualTo("c-1");
                assertThat(rs.getString("severity")).isEqualTo("CRITICAL");
                assertThat(rs.getInt("value")).isEqualTo(1);
                assertThat(rs.next())
                        .as("closed and WARNING alerts do not fire")
                        .isFalse();
            }
        }
    }
}
