package com.heartbeatmonitor.console.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;

/**
 * A customer's settings as the job applied them (customer_settings): what the customer page's form starts from.
 * The JSON is the accepted message itself, contacts included.
 */
public record CurrentSettings(
        String customerId,
        long version,
        Integer highBpm,
        Integer lowBpm,
        String profile,
        Integer sustainSeconds,
        Integer exertionSustainSeconds,
        Instant pausedUntil,
        String timeZone,
        String json,
        Instant appliedFrom) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HIDDEN = "/…";

    /**
     * The JSON as the page shows it: a webhook's or Slack's URL cut to its scheme and host, because the rest is a
     * secret (whoever has a Slack webhook URL may post to the channel) and every signed-in viewer sees this page.
     * E-mail addresses stay: the care team needs to know whom the notifier writes to.
     */
    public String displayJson() {
        try {
            JsonNode root = JSON.readTree(json);
            for (JsonNode contact : root.path("contacts")) {
                if (contact instanceof ObjectNode node
                        && !"email".equals(node.path("type").asText())) {
                    node.put("target", hostOnly(node.path("target").asText()));
                }
            }
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            return "(not JSON; the job stores only JSON it accepted)";
        }
    }

    private static String hostOnly(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getAuthority() + HIDDEN;
        } catch (URISyntaxException e) {
            return HIDDEN;
        }
    }
}
