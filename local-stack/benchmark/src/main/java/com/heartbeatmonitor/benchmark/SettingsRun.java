package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The settings scenario: its pre-load of customers' own settings and what it reports. */
final class SettingsRun {

    private SettingsRun() {}

    /** What the catch-up of customers with and without settings cost. */
    record Result(
            int withSettings,
            int without,
            CatchUp.Result catchUp,
            CpuSeconds cpu,
            long checkpointBytes,
            long settingsRows)
            implements Scenario.Section {

        @Override
        public String key() {
            return "settings";
        }

        @Override
        public List<BenchmarkReport.Row> rows(BenchmarkReport report) {
            return List.of(
                    new BenchmarkReport.Row(
                            String.format(
                                    Locale.ROOT,
                                    "Pipeline catch-up, %,d customers with settings and %,d without"
                                            + " (%,d settings rows)",
                                    withSettings,
                                    without,
                                    settingsRows),
                            BenchmarkReport.rate(catchUp.perSecond(), "events/s"),
                            "",
                            "",
                            null),
                    new BenchmarkReport.Row(
                            "TaskManager CPU per event, settings catch-up",
                            BenchmarkReport.micros(cpuMicrosPerEvent(), cpu),
                            "",
                            "",
                            null),
                    new BenchmarkReport.Row(
                            "Checkpoint per customer, settings catch-up",
                            String.format(Locale.ROOT, "%.0f B", checkpointBytesPerCustomer()),
                            "",
                            "",
                            null));
        }

        double cpuMicrosPerEvent() {
            return cpu.taskManagerMicrosPer(Math.max(1, catchUp.messages()));
        }

        double checkpointBytesPerCustomer() {
            return (double) checkpointBytes / Math.max(1, withSettings + without);
        }

        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%,.0f events/s, %.1f us TaskManager CPU per event, checkpoint %,d KB (%.0f bytes per customer),"
                            + " %,d customer_settings rows",
                    catchUp.perSecond(),
                    cpuMicrosPerEvent(),
                    checkpointBytes >> 10,
                    checkpointBytesPerCustomer(),
                    settingsRows);
        }

        String markdown() {
            return String.format(
                    Locale.ROOT,
                    "### Per-customer settings%n%n| customers with settings | without | events | events/s | TaskManager"
                            + " CPU per event | checkpoint | per customer | customer_settings rows |%n"
                            + "|---|---|---|---|---|---|---|---|%n"
                            + "| %,d | %,d | %,d | %,.0f | %.1f us | %,d KB | %.0f B | %,d |%n",
                    withSettings,
                    without,
                    catchUp.messages(),
                    catchUp.perSecond(),
                    cpuMicrosPerEvent(),
                    checkpointBytes >> 10,
                    checkpointBytesPerCustomer(),
                    settingsRows);
        }
    }

    /**
     * Settings of their own for the first {@code customers} of the generator's customer ids: thresholds spread
     * over the allowed range, so the job builds a few dozen distinct detectors, as a real population would.
     */
    static void sendSettings(String bootstrap, String topic, int customers) throws Exception {
        Properties props = KafkaPublisher.producerProperties(bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < customers; i++) {
                String json = String.format(
                        Locale.ROOT,
                        "{\"version\":1,\"high_bpm\":%d,\"low_bpm\":%d,\"time_zone\":\"Europe/Berlin\"}",
                        110 + i % 31,
                        40 + i % 11);
                producer.send(new ProducerRecord<>(
                        topic, HeartbeatGenerator.customerId(i), json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    static long countSettings(Connection db) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM customer_settings")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
