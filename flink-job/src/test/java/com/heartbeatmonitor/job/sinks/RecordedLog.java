package com.heartbeatmonitor.job.sinks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * What one class logs while this is open, at every level, whatever the tests' log configuration lets
 * through to the console (Flink's test jars bring one that turns logging off).
 */
final class RecordedLog extends AbstractAppender implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final List<LogEvent> events = new ArrayList<>();

    private RecordedLog(Logger logger) {
        super("recorded-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
        this.levelBefore = logger.getLevel();
    }

    static RecordedLog of(Class<?> source) {
        RecordedLog log = new RecordedLog((Logger) LogManager.getLogger(source));
        log.start();
        Configurator.setLevel(log.logger.getName(), Level.ALL);
        log.logger.addAppender(log);
        return log;
    }

    @Override
    public synchronized void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    synchronized List<LogEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        Configurator.setLevel(logger.getName(), levelBefore);
        stop();
    }
}
