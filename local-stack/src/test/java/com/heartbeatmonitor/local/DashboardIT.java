package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.heartbeatmonitor.generator.GeneratorCommand;
import com.heartbeatmonitor.migrate.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Grafana cannot run here, so its part is checked against what it would meet: every panel's SQL, with
 * Grafana's macros expanded, runs as the dashboards' read-only role against PostgreSQL filled by the
 * real pipeline and returns the shape its panel needs; that role cannot read the raw payloads of
 * rejected messages nor write anything; every data source reference is the provisioned one; every file
 * compose mounts exists.
 */
class DashboardIT {

    private static final Path REPO = Path.of("..");
    private static final Path DASHBOARDS = REPO.resolve("dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern GROUP_ALIAS = Pattern.compile("\\$__timeGroupAlias\\((\\w+),\\s*'(\\d+)([sm])'\\)");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\((\\w+)\\)");
    /** Panels whose time range is sure to hold data after the run below (not those about the last seconds). */
    private static final Set<String> MUST_HAVE_ROWS = Set.of(
            "Rows written per second",
            "Heart rate of $customer",
            "Alerts over time by type",
            "Rejected messages by reason",
            "Latest heart rate per customer (highest 25 in the last minute)");

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    private static Instant from;
    private static Instant to;

    @BeforeAll
    static void fillDatabaseWithThePipeline() throws Exception {
        STACK.stack().broker.createTopic("heartbeats-dashboard", 2);
        // 20 customers, one reading a second each, for the 12 minutes up to now; anomalies every 2 min.
        Instant start = Instant.now().minus(Duration.ofMinutes(12)).truncatedTo(ChronoUnit.SECONDS);
        int exit = new CommandLine(new GeneratorCommand())
                .execute(
                        "--bootstrap-servers",
                        STACK.stack().broker.bootstrapServers(),
                        "--topic",
                        "heartbeats-dashboard",
                        "--customers",
                        "20",
                        "--rate",
                        "20",
                        "--count",
                        String.valueOf(20 * 12 * 60),
                        "--burst",
                        "--seed",
                        "5",
                        "--start-time",
                        start.toString(),
                        "--invalid-share",
                        "0.02",
                        "--anomaly-interval",
                        "2m");
        assertThat(exit).isZero();
        // One customer with thresholds of their own, for the heart-rate panel to draw, set as an operator would.
        assertThat(STACK.stack()
                        .admin(
                                "settings",
                                "set",
                                "customer-00001",
                                "--high",
                                "130",
                                "--low",
                                "45",
                                "--effective-at",
                                start.toString()))
                .startsWith("0|");
        // The panels need alerts in 12 minutes of data: the clinical profile's fast rules give them
        // every time; the default profile's 10-minute rules would leave the alert panels to chance.
        STACK.stack().runJobToEndOfTopic("heartbeats-dashboard", "dashboard", "--detection-profile", "clinical");
        from = start.minus(Duration.ofMinutes(5));
        to = Instant.now().plus(Duration.ofMinutes(1));
    }

    @Test
    void everyPanelQueryRunsAndHasTheShapeItsPanelNeeds() throws Exception {
        JsonNode dashboard = dashboard();
        List<String> problems = new ArrayList<>();
        // As Grafana connects: the dashboards' role, not the administrator.
        try (Connection db = readerConnection()) {
            String customers = customerValues(db, dashboard);
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.get("targets")) {
                    String sql = expand(target.get("rawSql").asText(), customers);
                    String title = panel.get("title").asText();
                    try {
                        problems.addAll(
                                shapeProblems(db, panel, target.get("format").asText(), sql));
                    } catch (Exception e) {
                        problems.add(title + ": query failed: " + e.getMessage() + "\n" + sql);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(9);
        assertThat(dashboard.get("refresh").asText()).isEqualTo("5s");
    }

    @Test
    void theDashboardsRoleCannotReadRawPayloadsNorWrite() throws Exception {
        long rejections;
        try (Connection admin = STACK.stack().connect()) {
            rejections = (Long) TestStack.rows(admin, "SELECT count(*) FROM rejected_heartbeats")
                    .get(0)
                    .get(0);
        }
        assertThat(rejections).as("rejections the pipeline wrote").isPositive();
        try (Connection reader = readerConnection()) {
            assertThat(TestStack.rows(reader, "SELECT count(*) FROM rejected_heartbeat_reasons")
                            .get(0)
                            .get(0))
                    .as("every rejection, through the view")
                    .isEqualTo(rejections);
            List<String> viewColumns = TestStack.rows(
                            reader,
                            "SELECT column_name::text FROM information_schema.columns"
                                    + " WHERE table_name = 'rejected_heartbeat_reasons'")
                    .stream()
                    .map(r -> (String) r.get(0))
                    .toList();
            assertThat(viewColumns).contains("reason", "received_at").doesNotContain("raw_payload", "detail");
            List<String> allowed = new ArrayList<>();
            for (String sql : List.of(
                    "SELECT raw_payload FROM rejected_heartbeats",
                    "SELECT detail FROM rejected_heartbeats",
                    "SELECT count(*) FROM rejected_heartbeats",
                    "UPDATE alerts SET status = 'CLOSED'",
                    "DELETE FROM heartbeat_minutes",
                    "INSERT INTO rejected_heartbeats (kafka_topic, kafka_partition, kafka_offset, reason, detail,"
                            + " raw_payload, payload_bytes, received_at) VALUES ('t', 0, 0, 'r', 'd', 'p', 1, now())",
                    "TRUNCATE heartbeats")) {
                try (Statement statement = reader.createStatement()) {
                    statement.execute(sql);
                    allowed.add(sql);
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE);
                }
            }
            assertThat(allowed)
                    .as("statements the dashboards' role must not be allowed")
                    .isEmpty();
        }
    }

    @Test
    void everyDataSourceReferenceIsTheProvisionedOne() throws Exception {
        JsonNode provisioned = YAML.readTree(
                DASHBOARDS.resolve("provisioning/datasources/postgres.yaml").toFile());
        String uid = provisioned.get("datasources").get(0).get("uid").asText();
        List<JsonNode> references = dashboard().findParents("datasource").stream()
                .map(node -> node.get("datasource"))
                .toList();
        assertThat(references).hasSizeGreaterThan(10);
        assertThat(references)
                .allSatisfy(
                        reference -> assertThat(reference.get("uid").asText()).isEqualTo(uid));
    }

    @Test
    void everyFileComposeMountsExistsAndEveryVariableItReadsIsInTheEnvExample() throws Exception {
        JsonNode compose = YAML.readTree(REPO.resolve("docker-compose.yml").toFile());
        List<String> missing = new ArrayList<>();
        compose.get("services").properties().forEach(service -> {
            JsonNode volumes = service.getValue().get("volumes");
            if (volumes != null) {
                volumes.forEach(volume -> {
                    String source = volume.asText().split(":")[0];
                    if (source.startsWith("./") && !Files.exists(REPO.resolve(source))) {
                        missing.add(service.getKey() + " mounts " + source);
                    }
                });
            }
        });
        assertThat(missing).as("mounted files that do not exist").isEmpty();

        String composeText = Files.readString(REPO.resolve("docker-compose.yml"));
        String envExample = Files.readString(REPO.resolve(".env.example"));
        Set<String> variables = Pattern.compile("(?<!\\$)\\$\\{(\\w+)")
                .matcher(composeText)
                .results()
                .map(m -> m.group(1))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(variables)
                .isNotEmpty()
                .allSatisfy(v -> assertThat(envExample).contains("\n" + v + "="));
        String datasource = Files.readString(DASHBOARDS.resolve("provisioning/datasources/postgres.yaml"));
        JsonNode grafanaEnv = compose.get("services").get("grafana").get("environment");
        Pattern.compile("\\$\\{(\\w+)}")
                .matcher(datasource)
                .results()
                .forEach(m -> assertThat(grafanaEnv.has(m.group(1)))
                        .as("grafana gets " + m.group(1))
                        .isTrue());
    }

    private static List<String> shapeProblems(Connection db, JsonNode panel, String format, String sql)
            throws Exception {
        String title = panel.get("title").asText();
        List<String> problems = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            int rows = 0;
            double previousTime = Double.NEGATIVE_INFINITY;
            while (rs.next()) {
                rows++;
                if (format.equals("time_series")) {
                    double time = meta.getColumnType(1) == Types.TIMESTAMP
                                    || meta.getColumnType(1) == Types.TIMESTAMP_WITH_TIMEZONE
                            ? rs.getTimestamp(1).getTime() / 1000.0
                            : rs.getDouble(1);
                    if (time < previousTime) {
                        problems.add(title + ": time column not in ascending order");
                        break;
                    }
                    previousTime = time;
                }
            }
            if (format.equals("time_series")) {
                if (!columns.get(0).equals("time")) {
                    problems.add(title + ": first column is " + columns.get(0) + ", a time series needs \"time\"");
                }
                boolean hasValue = false;
                for (int i = 2; i <= meta.getColumnCount(); i++) {
                    hasValue |= isNumeric(meta.getColumnType(i));
                }
                if (!hasValue) {
                    problems.add(title + ": no numeric value column in " + columns);
                }
            }
            JsonNode fields = panel.at("/options/reduceOptions/fields");
            if (!fields.isMissingNode()) {
                String field = fields.asText().replaceAll("^/\\^|\\$/$", "");
                if (!columns.contains(field)) {
                    problems.add(title + ": panel shows column " + field + ", query returns " + columns);
                }
            }
            JsonNode xField = panel.at("/options/xField");
            if (!xField.isMissingNode() && !columns.contains(xField.asText())) {
                problems.add(title + ": panel's x field " + xField.asText() + " is not in " + columns);
            }
            if (MUST_HAVE_ROWS.contains(title) && rows == 0) {
                problems.add(title + ": no rows over data the pipeline just wrote");
            }
        }
        return problems;
    }

    /** Grafana's PostgreSQL macros as it expands them, for the dashboard's time range. */
    private static String expand(String sql, String customers) {
        String expanded = GROUP_ALIAS.matcher(sql).replaceAll(m -> {
            long seconds = Long.parseLong(m.group(2)) * (m.group(3).equals("m") ? 60 : 1);
            return Matcher.quoteReplacement(
                    "floor(extract(epoch from " + m.group(1) + ")/" + seconds + ")*" + seconds + " AS \"time\"");
        });
        expanded = TIME_FILTER
                .matcher(expanded)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " BETWEEN '" + from + "' AND '" + to + "'"));
        expanded = expanded.replace("$__timeFrom()", "'" + from + "'")
                .replace("$__timeTo()", "'" + to + "'")
                .replace("$customer", customers);
        assertThat(expanded).as("unexpanded macro or variable").doesNotContain("$");
        return expanded;
    }

    /** The customer variable's own query, its first three values quoted as Grafana does for a multi-value. */
    private static String customerValues(Connection db, JsonNode dashboard) throws Exception {
        String query = dashboard.at("/templating/list/0/query").asText();
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            while (rs.next() && values.size() < 3) {
                values.add("'" + rs.getString(1).replace("'", "''") + "'");
            }
        }
        assertThat(values).as("customers offered by the variable").isNotEmpty();
        return String.join(",", values);
    }

    private static boolean isNumeric(int sqlType) {
        return Stream.of(
                        Types.INTEGER,
                        Types.BIGINT,
                        Types.SMALLINT,
                        Types.NUMERIC,
                        Types.DOUBLE,
                        Types.REAL,
                        Types.DECIMAL,
                        Types.FLOAT)
                .anyMatch(t -> t == sqlType);
    }

    /** Connected as the dashboards' role, as Grafana's provisioned data source is (trust auth here: no password). */
    private static Connection readerConnection() throws SQLException {
        return Postgres.connect(STACK.stack().database.url(), Roles.DEFAULT_READER, "");
    }

    private static JsonNode dashboard() throws Exception {
        return JSON.readTree(DASHBOARDS.resolve("json/heartbeat-monitor.json").toFile());
    }
}
