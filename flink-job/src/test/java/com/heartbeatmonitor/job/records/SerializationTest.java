package com.heartbeatmonitor.job.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.detection.DetectorState;
import com.heartbeatmonitor.job.functions.CustomerState;
import com.heartbeatmonitor.job.functions.MinuteBuffer;
import com.heartbeatmonitor.job.functions.PendingReadings;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every record that crosses an operator boundary uses Flink's POJO serializer, never Kryo; a reading has its own
 * ({@link HeartbeatReadingSerializerTest}).
 */
class SerializationTest {

    private static final HeartbeatReading READING = new HeartbeatReading(
            "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b", "c1", 1_763_720_130_123L, 72, 2, 99L, Activity.REST);
    private static final RejectedMessage REJECTED = new RejectedMessage(
            "heartbeats", 1, 7L, RejectReason.WRONG_TYPE, "heart_rate must be an integer", "{...}", 5, 1L, 2L);

    @ParameterizedTest
    @ValueSource(
            classes = {
                ParsedMessage.class,
                ClassifiedReading.class,
                RejectedMessage.class,
                AlertEvent.class,
                MinuteRollup.class,
                DetectorState.class,
                MinuteBuffer.class,
                PendingReadings.class,
                CustomerState.class
            })
    void recordTypesArePojosWithoutGenericFields(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);

        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // throws on any field that would fall back to Kryo
        assertThat(info.createSerializer(config)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void recordsSurviveASerializationRoundTrip(int which) throws Exception {
        Object value = switch (which) {
            case 0 -> ParsedMessage.valid(READING);
            case 1 -> ParsedMessage.rejected(REJECTED);
            case 2 -> new ClassifiedReading(READING, RiskLevel.ELEVATED, true);
            case 3 ->
                new AlertEvent(
                        "a1", "c1", AlertType.SPIKE, Severity.CRITICAL, AlertStatus.OPEN, 1L, 2L, null, 171, 1, 1);
            default -> new MinuteRollup("c1", 60_000L, 60, 55, 71, 63.5);
        };
        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        TypeSerializer<T> serializer = (TypeSerializer<T>)
                TypeInformation.of(value.getClass()).createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(128);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
