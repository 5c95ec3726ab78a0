package io.ssegateway.plugin.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LogCapture collects what a logger and its children log while open, and puts the logger back when closed. */
@Timeout(10)
class LogCaptureTest {
    @Test
    void collectsWhileOpenAndRestoresTheLogger() {
        Logger logger = Logger.getLogger("log-capture-test");
        try (LogCapture capture = LogCapture.silencing("log-capture-test")) {
            assertFalse(logger.getUseParentHandlers());
            logger.info("hello");
            Logger.getLogger("log-capture-test.child").warning("careful");
            assertEquals(List.of("hello", "careful"), capture.records().stream().map(r -> r.getMessage()).toList());
            assertEquals(List.of("log-capture-test.child: careful"), capture.atOrAbove(Level.WARNING));
        }
        assertTrue(logger.getUseParentHandlers());
        assertEquals(0, logger.getHandlers().length);
    }
}
