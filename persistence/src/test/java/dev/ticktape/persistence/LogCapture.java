package dev.ticktape.persistence;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records the lines one logger writes at INFO and above while open (they still reach the console too), as
 * {@code "LEVEL message"}. Tests of one class at a time only: it replaces that logger's configuration.
 */
final class LogCapture implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final String logger;
    private final AbstractAppender appender;

    LogCapture(Class<?> loggerClass) {
        logger = loggerClass.getName();
        appender = new AbstractAppender("capture-" + logger, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        Configuration config = context.getConfiguration();
        LoggerConfig loggerConfig = new LoggerConfig(logger, Level.INFO, true);
        loggerConfig.addAppender(appender, Level.INFO, null);
        config.addLogger(logger, loggerConfig);
        context.updateLoggers();
    }

    /** Lines so far that start with {@code level} and contain {@code text}. */
    List<String> lines(String level, String text) {
        return lines.stream()
                .filter(l -> l.startsWith(level + " ") && l.contains(text))
                .toList();
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(logger);
        context.updateLoggers();
        appender.stop();
    }
}
