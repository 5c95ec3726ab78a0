package io.ssegateway.plugin.monitor.accesslog;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.plugin.testkit.FakeStream;
import io.ssegateway.plugin.testkit.LogCapture;
import io.ssegateway.spi.PluginConfigException;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.monitor.StreamMonitor;
import io.ssegateway.spi.monitor.StreamMonitorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class AccessLogMonitorTest {
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock NOW = Clock.fixed(STARTED.plusMillis(61_234), ZoneOffset.UTC);
    private static final FakeStream STREAM = new FakeStream(17, "prices", "http://10.0.0.5:8081", "203.0.113.9",
            "alice", 200, STARTED, 42, 9000);
    private static final FakeStream NOT_CONNECTED = new FakeStream(18, "prices", "", "203.0.113.9", "", 502,
            STARTED, 0, 0);
    private static final FakeRequest DENIED = FakeRequest.from("198.51.100.4")
            .withPath("/prices/eu")
            .withQueryParam("access_token", "s3cret-token")
            .withHeader("Authorization", "Bearer s3cret-header")
            .withHeader("Cookie", "session=s3cret-cookie");

    private LogCapture capture;
    private List<LogRecord> records;

    @BeforeEach
    void captureTheAccessLogger() {
        capture = LogCapture.silencing("sse-gateway.access");
        records = capture.records();
    }

    @AfterEach
    void releaseTheAccessLogger() {
        capture.close();
        capture.logger().setLevel(null);
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                row("text: a stream opens", "text", m -> m.streamOpened(STREAM),
                        "event=open route=prices stream=17 upstream=http://10.0.0.5:8081 client=203.0.113.9"
                                + " identity=alice status=200"),
                row("text: a stream closes", "text", m -> m.streamClosed(STREAM, CloseReason.CLIENT_GONE),
                        "event=close route=prices stream=17 upstream=http://10.0.0.5:8081 client=203.0.113.9"
                                + " identity=alice status=200 duration_ms=61234 events=42 bytes=9000"
                                + " reason=client_gone"),
                row("text: absent upstream and identity are a dash", "text",
                        m -> m.streamClosed(NOT_CONNECTED, CloseReason.UPSTREAM_ERROR),
                        "event=close route=prices stream=18 upstream=- client=203.0.113.9 identity=- status=502"
                                + " duration_ms=61234 events=0 bytes=0 reason=upstream_error"),
                row("text: a rejected request logs its path, never its query or headers", "text",
                        m -> m.requestRejected(DENIED, 401, "missing or invalid credentials"),
                        "event=rejected route=events method=GET path=/prices/eu client=198.51.100.4 identity=-"
                                + " status=401 reason=\"missing or invalid credentials\""),
                row("text: control characters, quotes and backslashes are escaped", "text",
                        m -> m.requestRejected(DENIED.withPath("/a\nevent=fake \"x\"\\\u0001"), 404, "no route"),
                        "event=rejected route=events method=GET path=\"/a\\nevent=fake \\\"x\\\"\\\\\\u0001\""
                                + " client=198.51.100.4 identity=- status=404 reason=\"no route\""),
                row("text: a value that is a dash is quoted to tell it from an absent one", "text",
                        m -> m.requestRejected(DENIED.withIdentity("-"), 429, "limit"),
                        "event=rejected route=events method=GET path=/prices/eu client=198.51.100.4"
                                + " identity=\"-\" status=429 reason=limit"),
                row("json: a stream opens", "json", m -> m.streamOpened(STREAM),
                        "{\"event\":\"open\",\"route\":\"prices\",\"stream\":17,\"upstream\":\"http://10.0.0.5:8081\","
                                + "\"client\":\"203.0.113.9\",\"identity\":\"alice\",\"status\":200}"),
                row("json: a stream closes, absent values are null", "json",
                        m -> m.streamClosed(NOT_CONNECTED, CloseReason.SHUTDOWN),
                        "{\"event\":\"close\",\"route\":\"prices\",\"stream\":18,\"upstream\":null,"
                                + "\"client\":\"203.0.113.9\",\"identity\":null,\"status\":502,\"duration_ms\":61234,"
                                + "\"events\":0,\"bytes\":0,\"reason\":\"shutdown\"}"),
                row("json: a rejected request with a newline in its path stays one line", "json",
                        m -> m.requestRejected(DENIED.withPath("/x\ny"), 403, "forbidden"),
                        "{\"event\":\"rejected\",\"route\":\"events\",\"method\":\"GET\",\"path\":\"/x\\ny\","
                                + "\"client\":\"198.51.100.4\",\"identity\":null,\"status\":403,"
                                + "\"reason\":\"forbidden\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void logsOneInfoLinePerHook(String name, String format, Consumer<StreamMonitor> hook, String expected) {
        hook.accept(monitor(format));
        assertEquals(1, records.size());
        LogRecord record = records.get(0);
        assertEquals(Level.INFO, record.getLevel());
        assertEquals("sse-gateway.access", record.getLoggerName());
        assertEquals(expected, record.getMessage());
    }

    @Test
    void noCredentialOfARejectedRequestReachesTheLog() {
        for (String format : List.of("text", "json")) {
            monitor(format).requestRejected(DENIED, 401, "unauthorized");
        }
        assertEquals(2, records.size());
        for (LogRecord record : records) {
            assertFalse(record.getMessage().contains("s3cret"), record.getMessage());
            assertFalse(record.getMessage().contains("access_token"), record.getMessage());
        }
    }

    @Test
    void aVeryLongPathIsCut() {
        monitor("text").requestRejected(DENIED.withPath("/" + "a".repeat(5000)), 414, "too long");
        String line = records.get(0).getMessage();
        assertTrue(line.contains("path=/" + "a".repeat(AccessLine.MAX_TEXT - 4) + "... "), line);
    }

    @Test
    void nothingIsBuiltOrLoggedWhenTheAccessLoggerIsOff() {
        capture.logger().setLevel(Level.OFF);
        StreamMonitor monitor = monitor("text");
        monitor.streamOpened(STREAM);
        monitor.streamClosed(STREAM, CloseReason.UPSTREAM_ENDED);
        monitor.requestRejected(DENIED, 401, "unauthorized");
        assertEquals(List.of(), records);
    }

    @Test
    void anUnknownFormatIsRefusedAtStartup() {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                () -> new AccessLogMonitorFactory(NOW).create(FakePluginConfig.of("format", "xml")));
        assertEquals("routes[0].plugin.format: must be text or json (got: xml)", e.getMessage());
    }

    @Test
    void serviceLoaderFindsTheFactoryByItsTypeName() {
        Registration.assertRegistered(StreamMonitorFactory.class, "access-log", AccessLogMonitorFactory.class);
    }

    private static StreamMonitor monitor(String format) {
        return new AccessLogMonitorFactory(NOW).create(format.equals("text")
                ? FakePluginConfig.of() : FakePluginConfig.of("format", format));
    }

    private static Arguments row(String name, String format, Consumer<StreamMonitor> hook, String expected) {
        return Arguments.of(name, format, hook, expected);
    }
}
