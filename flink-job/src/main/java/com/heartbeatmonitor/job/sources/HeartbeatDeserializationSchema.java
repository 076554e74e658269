package com.heartbeatmonitor.job.sources;

import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.validation.HeartbeatParser;
import com.heartbeatmonitor.job.validation.ValidationRules;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record into a {@link ParsedMessage} and never throws: a deserializer that throws
 * fails the job, and the same record fails it again after every restart. Parsing here, inside the
 * source, lets the source assign timestamps and watermarks per Kafka partition.
 */
public final class HeartbeatDeserializationSchema implements KafkaRecordDeserializationSchema<ParsedMessage> {

    private final ValidationRules rules;
    private transient HeartbeatParser parser;

    public HeartbeatDeserializationSchema(ValidationRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new HeartbeatParser(rules);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedMessage> out) {
        HeartbeatParser.Origin origin = new HeartbeatParser.Origin(
                record.topic(), record.partition(), record.offset(), record.timestamp(), System.currentTimeMillis());
        out.collect(parser.parse(record.value(), origin));
    }

    @Override
    public TypeInformation<ParsedMessage> getProducedType() {
        return TypeInformation.of(ParsedMessage.class);
    }
}
