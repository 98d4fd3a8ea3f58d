package dev.ticktape.broker;

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
 * Records what one logger writes at INFO and above while open, exactly as it would reach the log (they still reach
 * the console too), so a test can check what an operator sees, e.g. that nothing from outside adds a line. It
 * replaces that logger's configuration while open: one capture per logger at a time.
 */
public final class LogCapture implements AutoCloseable {
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final String logger;
    private final AbstractAppender appender;

    public LogCapture(Class<?> loggerClass) {
        logger = loggerClass.getName();
        appender = new AbstractAppender("capture-" + logger, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        appender.start();
        Configuration config = context.getConfiguration();
        LoggerConfig loggerConfig = new LoggerConfig(logger, Level.INFO, true);
        loggerConfig.addAppender(appender, Level.INFO, null);
        config.addLogger(logger, loggerConfig);
        context.updateLoggers();
    }

    /** Every formatted message so far, in order. */
    public List<String> messages() {
        return events.stream().map(e -> e.getMessage().getFormattedMessage()).toList();
    }

    /** Messages so far at {@code level} (e.g. {@code WARN}) that contain {@code text}, as {@code "LEVEL message"}. */
    public List<String> lines(String level, String text) {
        return events.stream()
                .filter(e -> e.getLevel().name().equals(level))
                .map(e -> e.getLevel() + " " + e.getMessage().getFormattedMessage())
                .filter(l -> l.contains(text))
                .toList();
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(logger);
        context.updateLoggers();
        appender.stop();
    }
}
