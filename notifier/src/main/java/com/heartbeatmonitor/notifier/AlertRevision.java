package com.heartbeatmonitor.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;

/**
 * One alert revision as the job publishes it on the alerts topic (README, Detection: the JSON of
 * {@code AlertKafkaSink}). Kept as the topic's text values, not the job's enums: the notifier is deployed on its own
 * and must not break on a type or status it does not know, only decline to notify it. Times are ISO-8601 strings
 * as published; {@code endedAt} and {@code peakBpm} may be null.
 */
public record AlertRevision(
        String alertId,
        String customerId,
        String type,
        String severity,
        String status,
        String startedAt,
        String detectedAt,
        String endedAt,
        Integer peakBpm,
        int readings,
        int revision) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses one message value; throws {@link IllegalArgumentException} naming what is wrong. */
    public static AlertRevision parse(byte[] json) {
        JsonNode node;
        try {
            node = json == null ? null : JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String alertId = text(node, "alert_id", true);
        try {
            UUID.fromString(alertId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alert_id is not a UUID: " + alertId, e);
        }
        JsonNode revision = node.get("revision");
        if (revision == null || !revision.canConvertToInt() || revision.asInt() < 1) {
            throw new IllegalArgumentException("revision is missing or not a positive integer");
        }
        JsonNode peak = node.get("peak_bpm");
        return new AlertRevision(
                alertId,
                text(node, "customer_id", true),
                text(node, "type", true),
                text(node, "severity", true),
                text(node, "status", true),
                text(node, "started_at", true),
                text(node, "detected_at", true),
                text(node, "ended_at", false),
                peak == null || peak.isNull() ? null : peak.asInt(),
                node.path("readings").asInt(),
                revision.asInt());
    }

    /** alert_id:revision, the key a receiver de-duplicates on. */
    public String key() {
        return alertId + ":" + revision;
    }

    /** Back to the topic's JSON (field names and nulls as the job writes them), for the ledger and the webhook. */
    public JsonNode toJson() {
        var node = JSON.createObjectNode();
        node.put("alert_id", alertId);
        node.put("customer_id", customerId);
        node.put("type", type);
        node.put("severity", severity);
        node.put("status", status);
        node.put("started_at", startedAt);
        node.put("detected_at", detectedAt);
        node.put("ended_at", endedAt);
        node.put("peak_bpm", peakBpm);
        node.put("readings", readings);
        node.put("revision", revision);
        return node;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return value.asText();
    }
}
