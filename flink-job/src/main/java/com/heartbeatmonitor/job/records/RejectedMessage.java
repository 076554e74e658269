package com.heartbeatmonitor.job.records;

/**
 * A message that did not pass validation: one row of {@code rejected_heartbeats}. The Kafka topic,
 * partition and offset identify it, so a replay updates nothing twice. {@code payloadPreview} is a
 * bounded, printable rendering of the payload; {@code payloadBytes} is the original size.
 * {@code messageTime} is the Kafka record's timestamp (the job's clock when a record has none): the same
 * on every replay of the message, unlike {@code receivedAt}, so it can be part of the table's key and
 * choose its time partition.
 */
public record RejectedMessage(
        String kafkaTopic,
        int kafkaPartition,
        long kafkaOffset,
        RejectReason reason,
        String detail,
        String payloadPreview,
        int payloadBytes,
        long receivedAt,
        long messageTime) {}
