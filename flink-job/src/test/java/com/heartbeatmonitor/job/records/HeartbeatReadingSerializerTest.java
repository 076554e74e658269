package com.heartbeatmonitor.job.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HeartbeatReadingSerializerTest {

    private static final String EVENT_ID = "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b";

    static Stream<HeartbeatReading> readings() {
        return Stream.of(
                new HeartbeatReading(EVENT_ID, "customer-00001", 1_763_720_130_123L, 72, 2, 99L, Activity.REST, 5L),
                new HeartbeatReading(EVENT_ID, "c1", -1L, 0, 0, 0L, null),
                new HeartbeatReading(
                        EVENT_ID, "c_2", Long.MAX_VALUE, 300, Integer.MAX_VALUE, Long.MAX_VALUE, Activity.SLEEP),
                new HeartbeatReading(
                        "", "", Long.MIN_VALUE, Integer.MIN_VALUE, -1, -1L, Activity.ACTIVE, Long.MIN_VALUE),
                // Not what validation lets through, but a serializer must not garble it: beyond Latin-1, Latin-1.
                new HeartbeatReading("ereignis-\u20ac-\uD83D\uDC93", "kund\u00e9", 1L, 60, 1, 2L, Activity.REST),
                new HeartbeatReading(null, null, 1L, 60, 1, 2L, null));
    }

    @ParameterizedTest
    @MethodSource("readings")
    void aReadingReadsBackEqual(HeartbeatReading reading) throws Exception {
        byte[] bytes = serialize(reading);

        assertThat(deserialize(bytes)).isEqualTo(reading);
    }

    @Test
    void readingsReadBackOneAfterTheOtherFromOneBuffer() throws Exception {
        List<HeartbeatReading> all = readings().toList();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (HeartbeatReading reading : all) {
            HeartbeatReadingSerializer.INSTANCE.serialize(reading, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        for (HeartbeatReading reading : all) {
            assertThat(HeartbeatReadingSerializer.INSTANCE.deserialize(in)).isEqualTo(reading);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void copyingSerializedBytesGivesTheSameBytes() throws Exception {
        byte[] bytes = serialize(readings().findFirst().orElseThrow());
        DataOutputSerializer copied = new DataOutputSerializer(64);

        HeartbeatReadingSerializer.INSTANCE.copy(new DataInputDeserializer(bytes), copied);

        assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes);
    }

    @Test
    void aValidReadingTakesItsIdsAsBytesAndAFixedRest() throws Exception {
        HeartbeatReading reading = readings().findFirst().orElseThrow();

        // Each id as a length and its bytes; timestamp, rate, partition, offset, activity, record time: 33 bytes.
        assertThat(serialize(reading)).hasSize(4 + EVENT_ID.length() + 4 + "customer-00001".length() + 33);
    }

    @Test
    void itsBytesAreTheFormatItWroteBefore() throws Exception {
        // The layout as first released: each id as its length and its ISO-8859-1 bytes, then the fixed fields.
        HeartbeatReading reading = readings().findFirst().orElseThrow();
        DataOutputSerializer expected = new DataOutputSerializer(64);
        expected.writeInt(EVENT_ID.length());
        expected.write(EVENT_ID.getBytes(StandardCharsets.ISO_8859_1));
        expected.writeInt("customer-00001".length());
        expected.write("customer-00001".getBytes(StandardCharsets.ISO_8859_1));
        expected.writeLong(1_763_720_130_123L);
        expected.writeInt(72);
        expected.writeInt(2);
        expected.writeLong(99L);
        expected.writeByte(1 + Activity.REST.ordinal());
        expected.writeLong(5L);

        assertThat(serialize(reading)).isEqualTo(expected.getCopyOfBuffer());
    }

    @Test
    void flinkPicksItWhereverAReadingTravels() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);

        assertThat(TypeInformation.of(HeartbeatReading.class).createSerializer(config))
                .isSameAs(HeartbeatReadingSerializer.INSTANCE);
        // Inside the records that carry a reading too: the source's output and the keyed function's.
        assertThat(TypeInformation.of(ParsedMessage.class).toString()).contains("reading: HeartbeatReading");
        assertThat(TypeInformation.of(ClassifiedReading.class).toString()).contains("reading: HeartbeatReading");
    }

    @Test
    void itsSnapshotRestoresItAsIs() throws Exception {
        TypeSerializerSnapshot<HeartbeatReading> snapshot = HeartbeatReadingSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

        TypeSerializerSnapshot<HeartbeatReading> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isSameAs(HeartbeatReadingSerializer.INSTANCE);
        TypeSerializerSchemaCompatibility<HeartbeatReading> compatibility =
                HeartbeatReadingSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    private static byte[] serialize(HeartbeatReading reading) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        HeartbeatReadingSerializer.INSTANCE.serialize(reading, out);
        return out.getCopyOfBuffer();
    }

    private static HeartbeatReading deserialize(byte[] bytes) throws Exception {
        return HeartbeatReadingSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
    }
}
