package io.ssegateway.plugin.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a {@link java.util.logging} logger (and the loggers below it) logs while it is open, for a test to
 * read: a plugin's log lines, or a library's warnings. {@link #close()} puts the logger back as it was.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final boolean usedParentHandlers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String loggerName, boolean silence) {
        this.logger = Logger.getLogger(loggerName);
        this.usedParentHandlers = logger.getUseParentHandlers();
        if (silence) {
            logger.setUseParentHandlers(false);
        }
        logger.addHandler(handler);
    }

    /**
     * Starts collecting what the logger {@code loggerName} logs; it still reaches the parent loggers' handlers.
     *
     * @param loggerName the logger's name, such as {@code redis.clients}
     * @return the capture, to close after the test
     */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName, false);
    }

    /**
     * Starts collecting what the logger {@code loggerName} logs, which no longer reaches the parent loggers' handlers
     * (the console) until {@link #close()}.
     *
     * @param loggerName the logger's name, such as {@code sse-gateway.access}
     * @return the capture, to close after the test
     */
    public static LogCapture silencing(String loggerName) {
        return new LogCapture(loggerName, true);
    }

    /**
     * The logger whose records are collected.
     *
     * @return the logger
     */
    public Logger logger() {
        return logger;
    }

    /**
     * What was logged since the capture started, in order.
     *
     * @return the records, a live view
     */
    public List<LogRecord> records() {
        return records;
    }

    /**
     * What was logged at {@code level} or above, each as {@code <logger name>: <message>}.
     *
     * @param level the lowest level to list
     * @return the lines
     */
    public List<String> atOrAbove(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
    }

    /** Stops collecting and gives the logger back its parent handlers as they were. */
    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}
