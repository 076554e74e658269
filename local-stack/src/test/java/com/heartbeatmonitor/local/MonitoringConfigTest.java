package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pipeline-health configuration checked offline by Prometheus' own tool: the rules' unit tests
 * (every alert fires on its failure and stays quiet next to it), the config with the rules it loads,
 * and the dashboard's references to the provisioned Prometheus data source.
 */
class MonitoringConfigTest {

    @Test
    void alertRulesPassTheirPromtoolUnitTests() throws Exception {
        assertThat(PipelineHealth.promtool("test", "rules", PipelineHealth.RULE_TESTS.toString()))
                .contains("SUCCESS");
    }

    @Test
    void prometheusConfigAndTheRulesItLoadsAreValid() throws Exception {
        String output = PipelineHealth.promtool("check", "config", PipelineHealth.PROMETHEUS_CONFIG.toString());
        assertThat(output).contains("SUCCESS").contains("pipeline-health.yml");
        assertThat(PipelineHealth.promtool("check", "rules", PipelineHealth.RULES.toString()))
                .contains("SUCCESS: 8 rules found");
    }

    @Test
    void everyDashboardPanelQueriesTheProvisionedPrometheus() throws Exception {
        String uid = new ObjectMapper(new YAMLFactory())
                .readTree(PipelineHealth.DATASOURCE.toFile())
                .at("/datasources/0/uid")
                .asText();
        List<JsonNode> references = PipelineHealth.dashboard().findParents("datasource").stream()
                .map(node -> node.get("datasource"))
                .toList();
        assertThat(references)
                .isNotEmpty()
                .allSatisfy(
                        reference -> assertThat(reference.get("uid").asText()).isEqualTo(uid));
        assertThat(PipelineHealth.queries("1m")).hasSizeGreaterThanOrEqualTo(14);
    }
}
